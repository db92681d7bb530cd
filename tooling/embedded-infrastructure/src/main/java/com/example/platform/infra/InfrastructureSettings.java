package com.example.platform.infra;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and on which ports the embedded servers run. A port of {@code 0} picks a free
 * one.
 *
 * @param workDirectory holds each server's data ({@code postgres/},
 * {@code postgres-replica-1/}, {@code kafka/}, {@code redis/})
 * @param keepData whether data from an earlier start is reused (the local run) or wiped
 * (tests)
 * @param postgresPort the PostgreSQL primary's port
 * @param kafkaPort the Kafka broker's client port
 * @param redisPort Redis's port
 * @param postgresReplicaPort the PostgreSQL streaming replica's port
 * @param credentials the servers' passwords
 */
public record InfrastructureSettings(Path workDirectory, boolean keepData, int postgresPort, int kafkaPort,
		int redisPort, int postgresReplicaPort, InfrastructureCredentials credentials) {

	public InfrastructureSettings {
		Objects.requireNonNull(credentials, "credentials");
	}

	/**
	 * Settings for tests: fresh data under a temporary directory, free ports, random
	 * passwords.
	 * @param workDirectory a directory to hold the servers' data
	 * @return the settings
	 */
	public static InfrastructureSettings ephemeral(Path workDirectory) {
		return new InfrastructureSettings(workDirectory, false, 0, 0, 0, 0, InfrastructureCredentials.random());
	}

}
