package com.example.platform.testsupport;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes records to one topic of the test JVM's embedded Kafka, as the producing
 * service would, so that a consumer's integration test feeds its real listener through
 * the real broker. Each record is acknowledged before {@link #publish} returns: records
 * of one key keep the order they were published in.
 */
public final class TopicFeed implements AutoCloseable {

	private final String topic;

	private final KafkaProducer<String, String> producer;

	private TopicFeed(String topic) {
		this.topic = topic;
		this.producer = new KafkaProducer<>(SharedInfrastructure.get()
			.kafka()
			.clientConfig(Map.of(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
					ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class)));
	}

	/**
	 * A feed to a topic of the shared embedded Kafka.
	 * @param topic the topic, e.g. {@code order-events}
	 * @return the feed, to close after the tests
	 */
	public static TopicFeed to(String topic) {
		return new TopicFeed(topic);
	}

	/**
	 * Publishes one record and waits for the broker's acknowledgement.
	 * @param key the record's key (the aggregate's id: its partition)
	 * @param value the record's value, as is: it may be malformed on purpose
	 */
	public void publish(UUID key, String value) {
		publishAll(List.of(Map.entry(key, value)));
	}

	/**
	 * Publishes records without waiting between them, then waits for every
	 * acknowledgement: they reach the broker in a burst, so a consumer polls many at
	 * once, as under load. Kafka 4's producer is idempotent by default, so records of one
	 * key still keep their order.
	 * @param records each record's key and value, in order
	 */
	public void publishAll(List<Map.Entry<UUID, String>> records) {
		List<Future<RecordMetadata>> sent = records.stream()
			.map((record) -> this.producer
				.send(new ProducerRecord<>(this.topic, record.getKey().toString(), record.getValue())))
			.toList();
		for (Future<RecordMetadata> acknowledgement : sent) {
			try {
				acknowledgement.get();
			}
			catch (ExecutionException ex) {
				throw new IllegalStateException("Could not publish to " + this.topic, ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted publishing to " + this.topic, ex);
			}
		}
	}

	@Override
	public void close() {
		this.producer.close();
	}

}
