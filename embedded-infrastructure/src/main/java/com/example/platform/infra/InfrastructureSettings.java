package com.example.platform.infra;

import java.nio.file.Path;

/**
 * Where and on which ports the embedded servers run. A port of {@code 0} picks a free
 * one.
 *
 * @param workDirectory holds each server's data ({@code postgres/}, {@code kafka/},
 * {@code redis/})
 * @param keepData whether data from an earlier start is reused (the local run) or wiped
 * (tests)
 * @param postgresPort PostgreSQL's port
 * @param kafkaPort the Kafka broker's client port
 * @param redisPort Redis's port
 */
public record InfrastructureSettings(Path workDirectory, boolean keepData, int postgresPort, int kafkaPort,
		int redisPort) {

	/**
	 * Settings for tests: fresh data under a temporary directory, free ports.
	 * @param workDirectory a directory to hold the servers' data
	 * @return the settings
	 */
	public static InfrastructureSettings ephemeral(Path workDirectory) {
		return new InfrastructureSettings(workDirectory, false, 0, 0, 0);
	}

}
