#!/usr/bin/env bash
# The Docker Network Playground lab "shells: docker run -it, docker exec -it, ip netns exec bash, DOCKER-USER" as the real commands that recreate it
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
docker run -d -it --name sh1 busybox
docker exec sh1 sh -c 'echo 10.0.0.9 db >> /etc/hosts'
docker stop sh1
docker run -d --name keep busybox sleep 3600
docker exec -i keep sh -c 'cat > /etc/motd' <<'EOF'
built by the playground
EOF
ip netns add ns1
ip link add v0 type veth peer name v1
ip link set v1 netns ns1
ip addr add 10.99.0.1/24 dev v0
ip link set v0 up
ip netns exec ns1 ip addr add 10.99.0.2/24 dev v1
ip netns exec ns1 ip link set v1 up
ip netns exec ns1 ip link set lo up
ip netns exec ns1 ip route add default via 10.99.0.1
iptables -I DOCKER-USER -s 10.99.0.0/24 -j DROP
docker run -d --name p9 -p 9000:80 nginx
docker network create n9
docker network connect n9 p9
docker network disconnect bridge p9
