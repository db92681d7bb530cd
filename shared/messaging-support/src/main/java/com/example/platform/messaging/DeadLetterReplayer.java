package com.example.platform.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.GenericMessageListener;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Hands dead letters back to this service's listener of the topic they came from, once
 * the cause is fixed. Reads a dead-letter topic from where the last replay stopped
 * (offsets are committed under a group of its own) up to its end at the time of the call;
 * records that fail again are dead-lettered again, behind that end, and wait for the next
 * replay. Replaying the same record twice is harmless: the consumer's inbox recognises
 * its event id.
 * <p>
 * The records go to the listener in this process, not back through the original topic:
 * that topic belongs to the service that publishes it, and Kafka lets no other service
 * write it (issue 18, deploy/config/kafka/acls.txt). Other consumers of the topic are not
 * bothered with records they handled long ago either.
 */
public class DeadLetterReplayer {

	private static final Logger log = LoggerFactory.getLogger(DeadLetterReplayer.class);

	private static final Duration POLL = Duration.ofMillis(500);

	private final ConsumerFactory<?, ?> consumers;

	private final KafkaTemplate<String, String> kafka;

	private final MessagingProperties properties;

	private final String groupId;

	private final ObjectProvider<KafkaListenerEndpointRegistry> listeners;

	DeadLetterReplayer(ConsumerFactory<?, ?> consumers, KafkaTemplate<String, String> kafka,
			MessagingProperties properties, String groupId, ObjectProvider<KafkaListenerEndpointRegistry> listeners) {
		this.consumers = consumers;
		this.kafka = kafka;
		this.properties = properties;
		this.groupId = groupId;
		this.listeners = listeners;
	}

	/**
	 * Replays the dead letters of one consumed topic.
	 * @param topic the original topic, e.g. {@code order-events}
	 * @param timeout how long the replay may take
	 * @return how many records were handed back to the listener
	 * @throws IllegalArgumentException when this service does not consume the topic
	 */
	public synchronized ReplayResult replay(String topic, Duration timeout) {
		if (!this.properties.deadLetter().topics().contains(topic)) {
			throw new IllegalArgumentException("This service keeps no dead letters for topic '" + topic + "'");
		}
		Redelivery listener = listenerOf(topic);
		String deadLetters = topic + DeadLetters.SUFFIX;
		Instant deadline = Instant.now().plus(timeout);
		Map<String, Object> overrides = Map.of(ConsumerConfig.GROUP_ID_CONFIG, this.groupId,
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
				ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		int replayed = 0;
		try (Consumer<?, ?> consumer = this.consumers.createConsumer(this.groupId, "replay", null,
				propertiesOf(overrides))) {
			List<TopicPartition> partitions = new ArrayList<>();
			for (PartitionInfo partition : consumer.partitionsFor(deadLetters)) {
				partitions.add(new TopicPartition(deadLetters, partition.partition()));
			}
			consumer.assign(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			while (!caughtUp(consumer, end)) {
				if (Instant.now().isAfter(deadline)) {
					throw new IllegalStateException("Replay of " + deadLetters + " did not finish within " + timeout
							+ "; " + replayed + " records were handed back, call again to continue");
				}
				List<CompletableFuture<?>> deadAgain = new ArrayList<>();
				Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
				for (ConsumerRecord<?, ?> record : consumer.poll(POLL)) {
					TopicPartition partition = new TopicPartition(record.topic(), record.partition());
					if (record.offset() >= end.get(partition)) {
						continue;
					}
					deliver(listener, record, topic, deadLetters).ifPresent(deadAgain::add);
					done.put(partition, new OffsetAndMetadata(record.offset() + 1));
					replayed++;
				}
				CompletableFuture.allOf(deadAgain.toArray(CompletableFuture[]::new))
					.get(Duration.between(Instant.now(), deadline).toMillis(), TimeUnit.MILLISECONDS);
				consumer.commitSync(done);
			}
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not put failed dead letters back on " + deadLetters, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while replaying " + deadLetters, ex);
		}
		log.info("Replayed {} dead letters from {} to {}", replayed, deadLetters, topic);
		return new ReplayResult(topic, deadLetters, replayed);
	}

	/**
	 * Hands one dead letter to the listener as the record it was on the original topic.
	 * @return the send that puts it back on the dead-letter topic when it fails again
	 */
	private Optional<CompletableFuture<?>> deliver(Redelivery listener, ConsumerRecord<?, ?> deadLetter, String topic,
			String deadLetters) {
		// No timestamp: the record's time on the dead-letter topic says nothing about the
		// event's way through Kafka, which the inbox's latency stages measure.
		ConsumerRecord<?, ?> original = new ConsumerRecord<>(originalTopic(deadLetter, topic), deadLetter.partition(),
				deadLetter.offset(), ConsumerRecord.NO_TIMESTAMP, TimestampType.NO_TIMESTAMP_TYPE,
				ConsumerRecord.NULL_SIZE, ConsumerRecord.NULL_SIZE, deadLetter.key(), deadLetter.value(),
				deadLetter.headers(), Optional.empty());
		try {
			listener.redeliver(original);
			return Optional.empty();
		}
		catch (RuntimeException ex) {
			log.warn("Dead letter {}-{}@{} failed again; it goes back to {}: {}", deadLetter.topic(),
					deadLetter.partition(), deadLetter.offset(), deadLetters, ex.getMessage());
			return Optional.of(this.kafka.send(new ProducerRecord<>(deadLetters, null, (String) deadLetter.key(),
					(String) deadLetter.value(), deadLetter.headers())));
		}
	}

	// A batch listener (as the platform's are) is handed a batch of the one record.
	@SuppressWarnings("unchecked")
	private Redelivery listenerOf(String topic) {
		KafkaListenerEndpointRegistry registry = this.listeners.getIfAvailable();
		if (registry != null) {
			for (MessageListenerContainer container : registry.getListenerContainers()) {
				String[] topics = container.getContainerProperties().getTopics();
				if (topics == null || !Arrays.asList(topics).contains(topic)) {
					continue;
				}
				Object listener = container.getContainerProperties().getMessageListener();
				if (listener instanceof BatchMessageListener<?, ?> batch) {
					BatchMessageListener<Object, Object> records = (BatchMessageListener<Object, Object>) batch;
					return (record) -> records.onMessage(List.of((ConsumerRecord<Object, Object>) record), null, null);
				}
				if (listener instanceof GenericMessageListener<?> single) {
					GenericMessageListener<ConsumerRecord<?, ?>> records = (GenericMessageListener<ConsumerRecord<?, ?>>) single;
					return (record) -> records.onMessage(record, null, null);
				}
			}
		}
		throw new IllegalStateException("No listener of " + topic + " in this service to replay its dead letters to");
	}

	/** Hands one record to the topic's listener, whichever kind it is. */
	@FunctionalInterface
	private interface Redelivery {

		void redeliver(ConsumerRecord<?, ?> record);

	}

	private static boolean caughtUp(Consumer<?, ?> consumer, Map<TopicPartition, Long> end) {
		return end.entrySet().stream().allMatch((entry) -> consumer.position(entry.getKey()) >= entry.getValue());
	}

	private static String originalTopic(ConsumerRecord<?, ?> record, String fallback) {
		Header header = record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_TOPIC);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : fallback;
	}

	private static java.util.Properties propertiesOf(Map<String, Object> map) {
		java.util.Properties properties = new java.util.Properties();
		properties.putAll(map);
		return properties;
	}

	/**
	 * What a replay did.
	 *
	 * @param topic the topic the records went back to
	 * @param deadLetterTopic the topic they were read from
	 * @param replayed how many were sent back
	 */
	public record ReplayResult(String topic, String deadLetterTopic, int replayed) {

	}

}
