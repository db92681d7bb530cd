package com.example.platform.user.event;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The topic user events go to, as declared on startup.
 *
 * @param topic the topic's name
 * @param partitions how many partitions; events of one user share a partition (key = user
 * id), so this bounds consumer parallelism
 * @param replicas the replication factor
 * @param retention how long the broker keeps events; consumers that are away longer than
 * this miss them
 */
@Validated
@ConfigurationProperties("user.events")
record UserEventsProperties(@NotBlank String topic, @Min(1) int partitions, @Min(1) @Max(Short.MAX_VALUE) int replicas,
		@NotNull Duration retention) {

}
