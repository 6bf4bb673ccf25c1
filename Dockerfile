# syntax=docker/dockerfile:1
#
# One image build for any of the three services:
#
#   docker build --build-arg SERVICE=request-ingest   -t ghcr.io/llm-relay/request-ingest:0.1.0 .
#   docker build --build-arg SERVICE=provider-worker  -t ghcr.io/llm-relay/provider-worker:0.1.0 .
#   docker build --build-arg SERVICE=usage-aggregator -t ghcr.io/llm-relay/usage-aggregator:0.1.0 .
#
# Stages: build (Maven, the whole reactor the service needs) -> extract (Spring Boot layers) -> runtime
# (JRE only, non-root). strimzi/src/test/java/io/llmrelay/strimzi/DockerfileTest.java holds this file
# against the modules it builds.

ARG SERVICE=request-ingest

FROM maven:3.9-eclipse-temurin-25 AS build
ARG SERVICE
RUN case "$SERVICE" in \
      request-ingest|provider-worker|usage-aggregator) ;; \
      *) echo "SERVICE must be request-ingest, provider-worker or usage-aggregator, was '$SERVICE'" >&2; exit 1 ;; \
    esac
WORKDIR /workspace
COPY . .
# The usage-aggregator build starts an embedded PostgreSQL during generate-sources (jOOQ classes are
# generated from the migrated schema); as root it runs the server as "nobody", which works here.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -pl "$SERVICE" -am package -DskipTests
# the HEALTHCHECK's probe: the JRE image has neither curl nor wget, and no compiler
RUN javac --release 25 -d /workspace/health-probe \
      strimzi/src/main/java/io/llmrelay/strimzi/probe/HealthProbe.java

FROM build AS extract
ARG SERVICE
# spring-boot-maven-plugin's repackage goal writes <artifactId>-<version>-exec.jar (classifier exec)
RUN set -eu; \
    jar=$(ls "$SERVICE"/target/"$SERVICE"-*-exec.jar); \
    java -Djarmode=tools -jar "$jar" extract --layers --launcher --destination /extracted

FROM eclipse-temurin:25-jre AS runtime
ARG SERVICE
LABEL org.opencontainers.image.title="llm-relay $SERVICE"
RUN groupadd --system --gid 10001 relay \
 && useradd --system --uid 10001 --gid relay --no-create-home --home-dir /app --shell /usr/sbin/nologin relay
WORKDIR /app
# least to most often changed, so a code change rebuilds only the last layer
COPY --from=extract /extracted/dependencies/ ./
COPY --from=extract /extracted/spring-boot-loader/ ./
COPY --from=extract /extracted/snapshot-dependencies/ ./
COPY --from=extract /extracted/application/ ./
COPY --from=build /workspace/health-probe/ /opt/health-probe/
# numeric, so Kubernetes can verify runAsNonRoot without a passwd lookup
USER 10001:10001
# 8080: the HTTP API (request-ingest only); 8081: Actuator (health, Prometheus) in every service
EXPOSE 8080 8081
# For docker / compose runs; Kubernetes ignores it and uses the pod's probes. A small JVM (~0.3 s) per check.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["java", "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx16m", \
       "-cp", "/opt/health-probe", "io.llmrelay.strimzi.probe.HealthProbe", \
       "http://127.0.0.1:8081/actuator/health/liveness"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "org.springframework.boot.loader.launch.JarLauncher"]
