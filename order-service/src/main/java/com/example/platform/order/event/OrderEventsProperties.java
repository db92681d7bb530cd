package com.example.platform.order.event;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The topic order events go to, as declared on startup.
 *
 * @param topic the topic's name
 * @param partitions how many partitions; events of one order share a partition (key =
 * order id), so this bounds consumer parallelism
 * @param replicas the replication factor
 * @param retention how long the broker keeps events; consumers that are away longer than
 * this miss them
 */
@Validated
@ConfigurationProperties("order.events")
record OrderEventsProperties(@NotBlank String topic, @Min(1) int partitions, @Min(1) @Max(Short.MAX_VALUE) int replicas,
		@NotNull Duration retention) {

}
