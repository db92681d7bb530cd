package com.example.platform.datasource;

import java.time.Duration;

import com.example.platform.infra.PostgresReplica;
import com.example.platform.testsupport.SharedInfrastructure;
import com.example.platform.testsupport.WithEmbeddedInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A replica that falls too far behind leaves read rotation by itself, read-only work
 * moves to the primary without an error, and the replica returns once it has caught up.
 * The lag is made deterministic by pausing replay and writing more WAL than the bound.
 */
@SpringBootTest(
		properties = { "spring.application.name=routing-lag-test", "platform.datasource.health-check-interval=100ms",
				"platform.datasource.max-lag-bytes=256KB", "platform.datasource.max-lag=1h" })
@WithEmbeddedInfrastructure
class ReplicaLagIT {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	RoutedDataSources routed;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	MeterRegistry meters;

	final PostgresReplica replica = SharedInfrastructure.get().postgres().replica();

	@Test
	void aReplicaLaggingBeyondTheBoundLeavesRotationAndReturnsOnceCaughtUp() {
		this.jdbc.sql("create table if not exists lag_filler (id bigserial primary key, payload text)").update();
		this.replica.awaitReplayed(Duration.ofSeconds(10));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.routed.replicas().getFirst().inRotation());
		assertThat(readsOnReplica()).isTrue();

		this.replica.pauseReplay();
		try {
			// About 2 MB of WAL, far past the 256 KB bound.
			this.jdbc
				.sql("insert into lag_filler (payload) select md5(random()::text) || md5(random()::text) "
						+ "from generate_series(1, 20000)")
				.update();
			await().atMost(Duration.ofSeconds(10)).until(() -> !this.routed.replicas().getFirst().inRotation());
			assertThat(this.meters.get("db.replicas.in.rotation").gauge().value()).isZero();
			assertThat(readsOnReplica()).as("read-only work moved to the primary").isFalse();
		}
		finally {
			this.replica.resumeReplay();
		}

		await().atMost(Duration.ofSeconds(20)).until(() -> this.routed.replicas().getFirst().inRotation());
		assertThat(readsOnReplica()).isTrue();
	}

	private boolean readsOnReplica() {
		TransactionTemplate readOnly = new TransactionTemplate(this.transactionManager);
		readOnly.setReadOnly(true);
		return readOnly.execute((status) -> this.jdbc.sql("select pg_is_in_recovery()").query(Boolean.class).single());
	}

}
