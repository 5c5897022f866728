/**
 * The internet as the default world has it: the names its DNS (10.0.2.3, in the NAT gateway
 * namespace) answers, with documentation addresses (as shared/tools/real-docker.sh does).
 */
export const INTERNET_ADDRESSES: Record<string, number> = {
  'www.baidu.com': 0xcb00710a, // 203.0.113.10
};
