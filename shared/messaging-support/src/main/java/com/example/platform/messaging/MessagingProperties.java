package com.example.platform.messaging;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The platform's messaging settings, one record for every service.
 *
 * @param publishes the topic this service publishes to, if it publishes
 * @param outbox how the relay publishes the outbox
 * @param inbox how long consumers remember applied events
 * @param deadLetter retries and dead-letter topics of this service's consumers
 */
@Validated
@ConfigurationProperties("platform.messaging")
public record MessagingProperties(@Valid Publishes publishes, @Valid @NotNull @DefaultValue Outbox outbox,
		@Valid @NotNull @DefaultValue Inbox inbox, @Valid @NotNull @DefaultValue DeadLetter deadLetter) {

	/**
	 * The topic this service's events go to, declared on startup. Its name is the shared
	 * {@code platform.topics} entry the consumers listen to.
	 *
	 * @param topic the topic's name
	 * @param partitions how many partitions; events of one aggregate share a partition
	 * (key = aggregate id), so this bounds consumer parallelism
	 * @param replicas the replication factor; 1 for a single broker, 3 where three
	 * brokers require two in-sync replicas
	 * @param retention how long the broker keeps events; consumers that are away longer
	 * than this miss them
	 */
	public record Publishes(@NotBlank String topic, @Min(1) @DefaultValue("3") int partitions,
			@Min(1) @Max(Short.MAX_VALUE) @DefaultValue("1") int replicas,
			@NotNull @DefaultValue("7d") Duration retention) {

	}

	/**
	 * The relay's tuning.
	 *
	 * @param batchSize rows published per relay transaction
	 * @param sweepInterval how often each instance looks for rows nobody woke it up for
	 * (another instance's leftovers, or rows of a crashed instance)
	 * @param lockRetryDelay how soon to try again while another instance holds the relay
	 * lock
	 * @param sendTimeout how long a batch waits for the broker's acknowledgements; longer
	 * than the producer's {@code delivery.timeout.ms} so the producer gives up first
	 * @param initialBackoff the first pause after a failed batch
	 * @param maxBackoff the longest pause between failed batches
	 * @param publishedRetention how long published rows stay, for inspection
	 * @param housekeepingInterval how often published rows are deleted
	 * @param lockKey the PostgreSQL advisory lock that lets one instance at a time
	 * publish; by default derived from {@code spring.application.name}
	 */
	public record Outbox(@Min(1) @Max(10_000) @DefaultValue("200") int batchSize,
			@NotNull @DefaultValue("1s") Duration sweepInterval, @NotNull @DefaultValue("20ms") Duration lockRetryDelay,
			@NotNull @DefaultValue("30s") Duration sendTimeout, @NotNull @DefaultValue("200ms") Duration initialBackoff,
			@NotNull @DefaultValue("5s") Duration maxBackoff, @NotNull @DefaultValue("1h") Duration publishedRetention,
			@NotNull @DefaultValue("1m") Duration housekeepingInterval, Long lockKey) {

	}

	/**
	 * The consumers' memory of applied events.
	 *
	 * @param retention how long an applied event's id is kept; longer than the topics'
	 * retention plus the time a dead letter may wait for its replay, or a late redelivery
	 * would be applied again
	 * @param housekeepingInterval how often entries older than the retention are deleted
	 */
	public record Inbox(@NotNull @DefaultValue("30d") Duration retention,
			@NotNull @DefaultValue("1m") Duration housekeepingInterval) {

	}

	/**
	 * Retries and dead letters of this service's consumers.
	 *
	 * @param maxAttempts deliveries of a failing record, the first included, before it is
	 * dead-lettered
	 * @param initialInterval the pause before the first retry
	 * @param multiplier how much each pause grows
	 * @param maxInterval the longest pause between retries
	 * @param topics the topics this service consumes: their {@code <topic>.DLT} is
	 * declared, and can be replayed
	 * @param partitions partitions of each dead-letter topic
	 * @param replicas replication factor of each dead-letter topic
	 * @param retention how long dead letters are kept for inspection and replay
	 * @param replayTimeout how long one replay call may take
	 */
	public record DeadLetter(@Min(1) @Max(100) @DefaultValue("4") int maxAttempts,
			@NotNull @DefaultValue("200ms") Duration initialInterval,
			@DecimalMin("1.0") @DefaultValue("2.0") double multiplier,
			@NotNull @DefaultValue("2s") Duration maxInterval, @NotNull @DefaultValue List<String> topics,
			@Min(1) @DefaultValue("3") int partitions, @Min(1) @Max(Short.MAX_VALUE) @DefaultValue("1") int replicas,
			@NotNull @DefaultValue("14d") Duration retention, @NotNull @DefaultValue("60s") Duration replayTimeout) {

	}

}
