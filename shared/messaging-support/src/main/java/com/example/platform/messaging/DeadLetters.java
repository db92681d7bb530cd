package com.example.platform.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/**
 * How consumers fail: a record that throws is retried in place with exponential backoff,
 * which keeps its partition in order; after the last attempt, or at once when it can
 * never succeed ({@link MalformedEventException}), it is published to {@code <topic>.DLT}
 * with Spring Kafka's {@code kafka_dlt-*} headers (original topic, partition, offset,
 * timestamp, consumer group, exception class, message and stack trace), its offset is
 * committed and the partition moves on.
 */
final class DeadLetters {

	static final String SUFFIX = ".DLT";

	private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

	private DeadLetters() {
	}

	static DefaultErrorHandler errorHandler(KafkaTemplate<String, String> kafka,
			MessagingProperties.DeadLetter settings, MeterRegistry meters) {
		// Keyed like the original, so one aggregate's dead letters share a partition too;
		// partition -1 lets the producer choose, whatever the dead-letter topic's size.
		DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(kafka,
				(record, ex) -> new TopicPartition(record.topic() + SUFFIX, -1));
		ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(settings.maxAttempts() - 1);
		backOff.setInitialInterval(settings.initialInterval().toMillis());
		backOff.setMultiplier(settings.multiplier());
		backOff.setMaxInterval(settings.maxInterval().toMillis());
		ConsumerAwareRecordRecoverer recoverer = (record, consumer, ex) -> {
			publisher.accept(record, consumer, ex);
			Counter.builder("messaging.dead.letters")
				.description("Records sent to a dead-letter topic")
				.tag("topic", record.topic())
				.register(meters)
				.increment();
			log.warn("Dead-lettered {}-{}@{} to {}{}: {}", record.topic(), record.partition(), record.offset(),
					record.topic(), SUFFIX, ex.getMessage());
		};
		DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
		handler.addNotRetryableExceptions(MalformedEventException.class);
		return handler;
	}

}
