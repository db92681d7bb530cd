package com.example.platform.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.CRC32;

import javax.sql.DataSource;

import com.example.platform.schema.LibrarySchema;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.flywaydb.core.Flyway;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reliable messaging for a service that owns a PostgreSQL database: the transactional
 * {@link Outbox} and its relay, the {@link Inbox}, retries with dead letters for every
 * listener, the replay endpoint, and their metrics.
 */
@AutoConfiguration(
		after = { KafkaAutoConfiguration.class, FlywayAutoConfiguration.class, JdbcClientAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, JacksonAutoConfiguration.class },
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass({ KafkaTemplate.class, JdbcClient.class })
@EnableConfigurationProperties(MessagingProperties.class)
public class MessagingAutoConfiguration {

	private final MeterRegistry meters;

	MessagingAutoConfiguration(ObjectProvider<MeterRegistry> meters) {
		this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
	}

	// The library's own tables, migrated after the service's (LibrarySchema).
	@Bean
	LibrarySchema messagingSchema(ObjectProvider<FlywayMigrationInitializer> serviceMigrations,
			ObjectProvider<Flyway> flyway, DataSource dataSource, Environment environment) {
		return LibrarySchema.migrate("messaging", serviceMigrations, flyway, dataSource, environment);
	}

	// Delivery guarantees rest on these two: every record is written by all in-sync
	// replicas, and producer retries neither duplicate nor reorder records. The relay
	// hands the producer a whole batch and then waits for it, so lingering for more
	// records (Kafka 4's default is 5 ms) only delays every batch: 0 unless
	// spring.kafka.producer.properties.linger.ms says otherwise.
	@Bean
	DefaultKafkaProducerFactoryCustomizer reliableProducer() {
		return (factory) -> {
			factory.updateConfigs(java.util.Map.of(ProducerConfig.ACKS_CONFIG, "all",
					ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
			if (!factory.getConfigurationProperties().containsKey(ProducerConfig.LINGER_MS_CONFIG)) {
				factory.updateConfigs(java.util.Map.of(ProducerConfig.LINGER_MS_CONFIG, 0));
			}
		};
	}

	// Without Micrometer Tracing configured, events are stored and sent without a trace.
	@Bean
	OutboxTracing outboxTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
		Tracer configuredTracer = tracer.getIfAvailable();
		Propagator configuredPropagator = propagator.getIfAvailable();
		return (configuredTracer != null && configuredPropagator != null)
				? new OutboxTracing(configuredTracer, configuredPropagator) : OutboxTracing.NONE;
	}

	@Bean
	OutboxRelay outboxRelay(@Qualifier("messagingSchema") LibrarySchema schema, JdbcClient jdbc,
			PlatformTransactionManager transactionManager, KafkaTemplate<String, String> kafka,
			MessagingProperties properties, OutboxTracing tracing,
			@Value("${spring.application.name}") String application) {
		Long configured = properties.outbox().lockKey();
		OutboxBatches batches = new OutboxBatches(jdbc, new TransactionTemplate(transactionManager), kafka,
				properties.outbox(), (configured != null) ? configured : lockKeyOf(application), tracing, this.meters);
		return new OutboxRelay(batches, properties.outbox(), this.meters);
	}

	@Bean
	@ConditionalOnMissingBean
	Outbox outbox(JdbcClient jdbc, JsonMapper json, OutboxRelay relay, OutboxTracing tracing) {
		return new Outbox(jdbc, json, relay, tracing);
	}

	@Bean
	OutboxMetrics outboxMetrics(JdbcClient jdbc) {
		return new OutboxMetrics(jdbc);
	}

	@Bean
	@ConditionalOnMissingBean
	Inbox inbox(@Qualifier("messagingSchema") LibrarySchema schema, JdbcClient jdbc,
			PlatformTransactionManager transactionManager, JsonMapper json,
			ObjectProvider<ObservationRegistry> observations) {
		return new Inbox(jdbc, new TransactionTemplate(transactionManager), json, this.meters,
				observations.getIfAvailable(() -> ObservationRegistry.NOOP));
	}

	@Bean
	InboxRetention inboxRetention(@Qualifier("messagingSchema") LibrarySchema schema, JdbcClient jdbc,
			MessagingProperties properties) {
		return new InboxRetention(jdbc, properties.inbox());
	}

	// Boot's listener container factory applies this to every @KafkaListener.
	@Bean
	@ConditionalOnMissingBean(CommonErrorHandler.class)
	CommonErrorHandler deadLetteringErrorHandler(KafkaTemplate<String, String> kafka, MessagingProperties properties) {
		return DeadLetters.errorHandler(kafka, properties.deadLetter(), this.meters);
	}

	@Bean
	@ConditionalOnProperty(name = "spring.kafka.admin.auto-create", havingValue = "false")
	TopicDeclaration topicDeclaration(KafkaAdmin admin) {
		return new TopicDeclaration(admin);
	}

	// The topic this service's events go to, if it publishes any.
	@Bean
	KafkaAdmin.NewTopics publishedTopic(MessagingProperties properties) {
		MessagingProperties.Publishes publishes = properties.publishes();
		return (publishes != null)
				? new KafkaAdmin.NewTopics(
						topic(publishes.topic(), publishes.partitions(), publishes.replicas(), publishes.retention()))
				: new KafkaAdmin.NewTopics();
	}

	@Bean
	KafkaAdmin.NewTopics deadLetterTopics(MessagingProperties properties) {
		MessagingProperties.DeadLetter settings = properties.deadLetter();
		return new KafkaAdmin.NewTopics(settings.topics()
			.stream()
			.map((topic) -> topic(topic + DeadLetters.SUFFIX, settings.partitions(), settings.replicas(),
					settings.retention()))
			.toArray(NewTopic[]::new));
	}

	private static NewTopic topic(String name, int partitions, int replicas, Duration retention) {
		return TopicBuilder.name(name)
			.partitions(partitions)
			.replicas(replicas)
			.config(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(retention.toMillis()))
			.build();
	}

	@Bean
	DeadLetterReplayer deadLetterReplayer(ConsumerFactory<?, ?> consumers, KafkaTemplate<String, String> kafka,
			MessagingProperties properties, @Value("${spring.application.name}") String application,
			ObjectProvider<KafkaListenerEndpointRegistry> listeners) {
		return new DeadLetterReplayer(consumers, kafka, properties, application + "-dead-letter-replay", listeners);
	}

	static long lockKeyOf(String application) {
		CRC32 crc = new CRC32();
		crc.update(("messaging-outbox:" + application).getBytes(StandardCharsets.UTF_8));
		return crc.getValue();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
	static class ReplayEndpointConfiguration {

		@Bean
		DeadLetterController deadLetterController(DeadLetterReplayer replayer, MessagingProperties properties) {
			return new DeadLetterController(replayer, properties);
		}

	}

}
