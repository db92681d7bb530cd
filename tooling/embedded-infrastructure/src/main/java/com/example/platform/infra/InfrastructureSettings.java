package com.example.platform.infra;

import java.nio.file.Path;

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
 */
public record InfrastructureSettings(Path workDirectory, boolean keepData, int postgresPort, int kafkaPort,
		int redisPort, int postgresReplicaPort) {

	/**
	 * Settings with the replica on a free port.
	 * @param workDirectory holds each server's data
	 * @param keepData whether data from an earlier start is reused
	 * @param postgresPort the PostgreSQL primary's port
	 * @param kafkaPort the Kafka broker's client port
	 * @param redisPort Redis's port
	 */
	public InfrastructureSettings(Path workDirectory, boolean keepData, int postgresPort, int kafkaPort,
			int redisPort) {
		this(workDirectory, keepData, postgresPort, kafkaPort, redisPort, 0);
	}

	/**
	 * Settings for tests: fresh data under a temporary directory, free ports.
	 * @param workDirectory a directory to hold the servers' data
	 * @return the settings
	 */
	public static InfrastructureSettings ephemeral(Path workDirectory) {
		return new InfrastructureSettings(workDirectory, false, 0, 0, 0, 0);
	}

}
