# DFS: build, run a local cluster, test.
MVN ?= mvn -B
NODES ?= 3
TLS ?= 0

.PHONY: build up down user test bench load chaos clean

## build: all modules, shaded jars under each */target/
build:
	$(MVN) -q -DskipTests package -pl common,auth,meta,datanode,cli -am

## up: start auth, meta and $(NODES) data nodes from configs/local/ (idempotent); TLS=1 for TLS everywhere
up:
	@scripts/up.sh $(NODES) $(TLS)

## down: stop what make up started
down:
	@scripts/down.sh

## user NAME=bob: add a local user, password read from stdin
user:
	@scripts/user.sh "$(NAME)"

## test: the whole suite (unit, in-process cluster, real processes)
test:
	$(MVN) verify

## bench: the benchmark (never part of test): its own clusters from the built jars, figures on
## stdout and in bench/results.json; BENCH_SCALE=0.1 (and other BENCH_* variables) for a quick run
bench:
	$(MVN) -q -DskipTests package -pl common,auth,meta,datanode,cli,bench -am
	java -jar bench/target/dfs-bench.jar run

## load: writers and readers against a local cluster (TLS on) for DURATION (default 5m), every
## answer checked against what was acknowledged; SEED=n replays a run's operations
load:
	$(MVN) -q -DskipTests package -pl common,auth,meta,datanode,cli,bench -am
	java -jar bench/target/dfs-bench.jar load

## chaos: the load on 5 data nodes (TLS on) while a seeded schedule kills -9 or stops one every 10 s
## (at most 2 down) and meta once, for DURATION (default 10m); SEED=n replays the operations and faults
chaos:
	$(MVN) -q -DskipTests package -pl common,auth,meta,datanode,cli,bench -am
	java -jar bench/target/dfs-bench.jar chaos

clean:
	$(MVN) -q clean
