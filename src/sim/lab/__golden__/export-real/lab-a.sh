#!/usr/bin/env bash
# The Docker Network Playground lab "seed 001: docker0, --link, a user bridge, -p, none and host" as the real commands that recreate it
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
docker run -d --name test1 busybox /bin/sh -c 'while true; do sleep 3600;done'
docker run -d --name test2 busybox /bin/sh -c 'while true; do sleep 3600;done'
docker run -d --name test3 --link test1 busybox /bin/sh -c 'while true; do sleep 3600;done'
docker network create -d bridge test-bridge
docker run -d --name test4 --network=test-bridge busybox /bin/sh -c 'while true; do sleep 3600;done'
docker network connect test-bridge test2
docker run --name web -d nginx
docker stop web
docker rm web
docker run --name web-port -d -p 8080:80 nginx
docker run -d --name test-none --network=none busybox /bin/sh -c 'while true; do sleep 3600;done'
docker run -d --name test-host --network=host busybox /bin/sh -c 'while true; do sleep 3600;done'
docker run --name blissful_wozniak -d busybox sleep 3600
