package com.example.platform.infra;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's infrastructure as real servers on this machine: a PostgreSQL primary
 * with a streaming replica, a Kafka broker and Redis. Used by the tests (once per JVM)
 * and by the local run.
 */
public final class EmbeddedInfrastructure implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedInfrastructure.class);

	private final PostgresServer postgres;

	private final KafkaBroker kafka;

	private final RedisServer redis;

	private EmbeddedInfrastructure(PostgresServer postgres, KafkaBroker kafka, RedisServer redis) {
		this.postgres = postgres;
		this.kafka = kafka;
		this.redis = redis;
	}

	/**
	 * Starts all servers, stopping those already started if a later one fails.
	 * @param settings where and on which ports
	 * @return the running infrastructure
	 */
	public static EmbeddedInfrastructure start(InfrastructureSettings settings) {
		long started = System.nanoTime();
		PostgresServer postgres = PostgresServer.start(settings.workDirectory().resolve("postgres"),
				settings.keepData(), settings.postgresPort(), settings.postgresReplicaPort(), settings.credentials());
		KafkaBroker kafka = null;
		try {
			kafka = KafkaBroker.start(settings.workDirectory().resolve("kafka"), settings.keepData(),
					settings.kafkaPort(), settings.credentials());
			RedisServer redis = RedisServer.start(settings.workDirectory().resolve("redis"), settings.redisPort(),
					settings.credentials());
			EmbeddedInfrastructure infrastructure = new EmbeddedInfrastructure(postgres, kafka, redis);
			log.info("Infrastructure up in {} ms: PostgreSQL on {} (replica on {}), Kafka on {}, Redis on {}",
					(System.nanoTime() - started) / 1_000_000, postgres.port(), postgres.replica().port(),
					kafka.bootstrapServers(), redis.port());
			return infrastructure;
		}
		catch (RuntimeException ex) {
			if (kafka != null) {
				kafka.close();
			}
			postgres.close();
			throw ex;
		}
	}

	/**
	 * The PostgreSQL server.
	 * @return PostgreSQL
	 */
	public PostgresServer postgres() {
		return this.postgres;
	}

	/**
	 * The Kafka broker.
	 * @return Kafka
	 */
	public KafkaBroker kafka() {
		return this.kafka;
	}

	/**
	 * The Redis server.
	 * @return Redis
	 */
	public RedisServer redis() {
		return this.redis;
	}

	/**
	 * Stops everything, clients' dependencies last: Redis, then Kafka, then PostgreSQL.
	 */
	@Override
	public void close() {
		this.redis.close();
		this.kafka.close();
		this.postgres.close();
	}

}
