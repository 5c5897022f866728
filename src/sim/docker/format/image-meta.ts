/**
 * The parts of each catalogue image's config that only `docker inspect` shows (ENV, WORKDIR,
 * LABEL, STOPSIGNAL, VOLUME), from the official images' Dockerfiles (facts §13). Kept beside the
 * formatter; images.ts holds what the simulation itself needs.
 */

export interface ImageMeta {
  env: readonly string[];
  workingDir: string;
  labels: Readonly<Record<string, string>>;
  stopSignal?: string;
  volumes: readonly string[];
}

const PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const PLAIN: ImageMeta = { env: [PATH], workingDir: '', labels: {}, volumes: [] };

const META: Record<string, ImageMeta> = {
  'busybox:latest': PLAIN,
  'alpine:latest': PLAIN,
  'nginx:latest': {
    env: [PATH, 'NGINX_VERSION=1.21.6', 'NJS_VERSION=0.7.3', 'PKG_RELEASE=1~bullseye'],
    workingDir: '',
    labels: { maintainer: 'NGINX Docker Maintainers <docker-maint@nginx.com>' },
    stopSignal: 'SIGQUIT',
    volumes: [],
  },
  'tomcat:7': {
    env: [
      'PATH=/usr/local/tomcat/bin:/usr/local/openjdk-8/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      'JAVA_HOME=/usr/local/openjdk-8', 'LANG=C.UTF-8', 'JAVA_VERSION=8u292', 'CATALINA_HOME=/usr/local/tomcat',
      'TOMCAT_NATIVE_LIBDIR=/usr/local/tomcat/native-jni-lib', 'LD_LIBRARY_PATH=/usr/local/tomcat/native-jni-lib',
      'TOMCAT_MAJOR=7', 'TOMCAT_VERSION=7.0.109',
    ],
    workingDir: '/usr/local/tomcat',
    labels: {},
    volumes: [],
  },
  'centos:7': {
    env: [PATH],
    workingDir: '',
    labels: {
      'org.label-schema.build-date': '20201113',
      'org.label-schema.license': 'GPLv2',
      'org.label-schema.name': 'CentOS Base Image',
      'org.label-schema.schema-version': '1.0',
      'org.label-schema.vendor': 'CentOS',
      'org.opencontainers.image.created': '2020-11-13 00:00:00+00:00',
      'org.opencontainers.image.licenses': 'GPL-2.0-only',
      'org.opencontainers.image.title': 'CentOS Base Image',
      'org.opencontainers.image.vendor': 'CentOS',
    },
    volumes: [],
  },
  'redis:latest': {
    env: [PATH, 'GOSU_VERSION=1.14', 'REDIS_VERSION=6.2.6', 'REDIS_DOWNLOAD_URL=http://download.redis.io/releases/redis-6.2.6.tar.gz'],
    workingDir: '/data',
    labels: {},
    volumes: ['/data'],
  },
  'mysql:latest': {
    env: [PATH, 'GOSU_VERSION=1.14', 'MYSQL_MAJOR=8.0', 'MYSQL_VERSION=8.0.27-1debian10'],
    workingDir: '',
    labels: {},
    volumes: ['/var/lib/mysql'],
  },
};

export function imageMeta(key: string): ImageMeta {
  return META[key] ?? PLAIN;
}

/** The daemon's merge of `-e` over the image ENV: the user's entries first, then image keys not overridden. */
export function mergeEnv(user: readonly string[], image: readonly string[]): string[] {
  if (user.length === 0) return [...image];
  const keys = new Set(user.map((e) => e.split('=')[0]));
  return [...user, ...image.filter((e) => !keys.has(e.split('=')[0]))];
}
