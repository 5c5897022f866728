#!/usr/bin/env bash
# The Docker Network Playground lab "seeds 003/004: --subnet, --ip, --ip-range, icc off, container: mode, -p forms" as the real commands that recreate it
# on a real Docker host: the lines of the lab that changed something and succeeded, in order. Read-only
# lines (ping, curl, docker ps/inspect, ip a, cat...) are left out; shells opened in containers became
# `docker exec`. Expects a clean Docker 20.10 host (no containers or user networks, an empty
# /etc/docker/daemon.json) with the busybox and nginx images (docker pull busybox nginx), run as root.
# Docker and the kernel draw some things at random, so they differ from the lab: container, network and
# endpoint ids (hence the br-<id> bridge names and default hostnames), veth names and the MACs of
# bridges and host-side veths. Container MACs on 20.10 are made from their IPv4 address (02:42:ac:11:00:02
# for 172.17.0.2), so they match when the addresses do.
# Every line below succeeded in the lab: one that fails here means this host differs, so stop there.
set -e

# on docker-node1
docker network create --driver bridge --subnet 172.20.16.0/16 --gateway 172.20.16.1 self_net
docker run -d --name s1 --network=self_net busybox sleep 3600
docker run -d --name s2 --network=self_net --ip=172.20.16.3 busybox sleep 3600
docker run -d --name s3 --network=self_net --ip=172.19.10.10 busybox sleep 3600 || true  # exit 125 in the lab, which it still changed
docker network create --subnet 10.10.0.0/24 --ip-range 10.10.0.128/25 -o com.docker.network.bridge.enable_icc=false n2
docker run -d --name b1 busybox sleep 3600
docker network connect --ip 10.10.0.5 --alias b1alias n2 b1
docker run -d --name n2a --network n2 busybox sleep 3600
docker run -d --name httpd2222 -p 2222 busybox httpd -f -p 2222
docker run -d --name joined --network container:httpd2222 busybox sleep 3600
docker run -d --name p3 -p 192.168.205.10::80 nginx
docker run -d --name p4 -p 192.168.205.10:8081:80 nginx
docker network create --internal inner
docker run -d --name in1 --network inner busybox sleep 3600
