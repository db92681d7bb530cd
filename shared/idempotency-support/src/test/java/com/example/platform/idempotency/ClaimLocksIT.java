package com.example.platform.idempotency;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import com.example.platform.testsupport.WithEmbeddedInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

// The same context as IdempotencyIT, so the test JVM starts it once.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@WithEmbeddedInfrastructure
class ClaimLocksIT {

	private static final Duration OWNER_TIMEOUT = Duration.ofSeconds(1);

	@Autowired
	private Environment environment;

	@Autowired
	private JdbcClient jdbc;

	private final List<ClaimLocks> started = new ArrayList<>();

	@AfterEach
	void stopOwners() {
		this.started.forEach(ClaimLocks::stop);
	}

	@Test
	void twoRequestsOfOneInstanceNeverBothHoldAKey() {
		ClaimLocks locks = owner(true);
		long key = newKey();

		assertThat(locks.tryLock(key)).isTrue();
		assertThat(locks.tryLock(key)).isFalse();
		locks.unlock(key);
		assertThat(locks.tryLock(key)).isTrue();
	}

	@Test
	void aKeyHeldByOneInstanceCannotBeTakenByAnother() {
		ClaimLocks one = owner(true);
		ClaimLocks other = owner(true);
		long key = newKey();

		assertThat(one.tryLock(key)).isTrue();
		assertThat(other.tryLock(key)).isFalse();
		one.unlock(key);
		assertThat(other.tryLock(key)).isTrue();
	}

	// The heartbeat keeps the session from idling out: a slow request keeps its key.
	@Test
	void aLiveOwnerKeepsItsKeyPastTheOwnerTimeout() {
		ClaimLocks live = owner(true);
		long key = newKey();
		assertThat(live.tryLock(key)).isTrue();

		await().during(OWNER_TIMEOUT.multipliedBy(3))
			.atMost(OWNER_TIMEOUT.multipliedBy(5))
			.until(() -> holderOf(key) != null);
	}

	// No heartbeat, as in a frozen JVM or a host gone without closing its connections:
	// PostgreSQL ends the silent session after the owner timeout and the key is free.
	@Test
	void aFrozenOwnersKeyIsFreedAfterTheOwnerTimeout() {
		ClaimLocks frozen = owner(false);
		long key = newKey();
		assertThat(frozen.tryLock(key)).isTrue();
		long locked = System.nanoTime();

		await().atMost(OWNER_TIMEOUT.multipliedBy(5)).until(() -> holderOf(key) == null);

		assertThat(Duration.ofNanos(System.nanoTime() - locked)).isGreaterThanOrEqualTo(OWNER_TIMEOUT);
	}

	// A database restart or failover ends the session of a live owner: its heartbeat
	// opens a new one and takes the running requests' keys again.
	@Test
	void aLiveOwnerWhoseSessionWasEndedTakesItsKeysAgain() {
		ClaimLocks live = owner(true);
		long key = newKey();
		assertThat(live.tryLock(key)).isTrue();
		Integer before = holderOf(key);

		this.jdbc.sql("select pg_terminate_backend(:pid)").param("pid", before).query(Boolean.class).single();

		await().atMost(OWNER_TIMEOUT.multipliedBy(5)).until(() -> {
			Integer now = holderOf(key);
			return now != null && !now.equals(before);
		});
		live.unlock(key);
		assertThat(holderOf(key)).isNull();
	}

	private ClaimLocks owner(boolean heartbeat) {
		ClaimLocks locks = new ClaimLocks(
				new DriverManagerDataSource(property("url"), property("username"), property("password")),
				OWNER_TIMEOUT);
		if (heartbeat) {
			locks.start();
		}
		this.started.add(locks);
		return locks;
	}

	// The backend holding a key's lock, read from pg_locks without taking the lock: a
	// bigint advisory lock shows as its high and low 32 bits.
	private Integer holderOf(long key) {
		try (Connection connection = DriverManager.getConnection(property("url"), property("username"),
				property("password"));
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("select pid from pg_locks where locktype = 'advisory'"
						+ " and granted and objsubid = 1 and classid = " + (key >>> 32) + " and objid = "
						+ (key & 0xffffffffL))) {
			return rows.next() ? rows.getInt(1) : null;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private String property(String name) {
		return this.environment.getRequiredProperty("spring.datasource." + name);
	}

	private static long newKey() {
		return ThreadLocalRandom.current().nextLong();
	}

}
