package com.example.platform.datasource;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How reads are spread over the streaming replicas. The primary is
 * {@code spring.datasource.url/username/password}; each replica uses the same role.
 *
 * @param replicas JDBC URLs of the service's database on each streaming replica; none
 * means every read goes to the primary
 * @param readYourWritesTimeout how long a read that presents a consistency token waits
 * for a replica to replay up to it before it is served by the primary instead
 * @param readYourWritesPollInterval how often a waiting read asks the replica again
 * @param healthCheckInterval how often each replica's reachability and lag are measured
 * @param maxLagBytes a replica further behind than this leaves read rotation
 * @param maxLag a replica that has not replayed what the primary wrote this long ago
 * leaves read rotation
 * @param primaryPool the primary's connection pool
 * @param replicaPool each replica's connection pool
 */
@Validated
@ConfigurationProperties("platform.datasource")
public record DataSourceRoutingProperties(@DefaultValue List<@NotBlank String> replicas,
		@DefaultValue("100ms") @NotNull @DurationMin(millis = 0) Duration readYourWritesTimeout,
		@DefaultValue("5ms") @NotNull @DurationMin(millis = 1) Duration readYourWritesPollInterval,
		@DefaultValue("500ms") @NotNull @DurationMin(millis = 50) Duration healthCheckInterval,
		@DefaultValue("16MB") @NotNull DataSize maxLagBytes,
		@DefaultValue("30s") @NotNull @DurationMin(millis = 1) Duration maxLag, @DefaultValue @Valid Pool primaryPool,
		@DefaultValue @Valid Pool replicaPool) {

	/**
	 * One role's connection pool.
	 *
	 * @param maximumSize the most connections the pool opens
	 * @param connectionTimeout how long a caller waits for a connection before failing;
	 * short, so that an unreachable server fails requests fast instead of hanging them
	 * (Hikari's minimum is 250 ms)
	 * @param startupTimeout how long start-up keeps trying to open the primary's first
	 * connection, and a caller waits for a connection until the application is ready
	 * (replica pools start empty and join rotation when healthy)
	 */
	public record Pool(@DefaultValue("10") @Min(1) int maximumSize,
			@DefaultValue("500ms") @NotNull @DurationMin(millis = 250) Duration connectionTimeout,
			@DefaultValue("30s") @NotNull @DurationMin(millis = 1) Duration startupTimeout) {

	}

}
