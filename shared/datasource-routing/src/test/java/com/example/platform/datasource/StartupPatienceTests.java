package com.example.platform.datasource;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class StartupPatienceTests {

	@Test
	void waitsPastThePoolsTimeoutWhileTheApplicationStarts() throws SQLException {
		SlowPool pool = new SlowPool(3);
		DataSource primary = new StartupPatience(Duration.ofSeconds(30)).applyTo(pool);

		assertThat(primary.getConnection()).isNull();
		assertThat(pool.attempts).hasValue(4);
	}

	@Test
	void givesUpAfterTheStartupTimeout() {
		SlowPool pool = new SlowPool(Integer.MAX_VALUE);
		DataSource primary = new StartupPatience(Duration.ZERO).applyTo(pool);

		assertThatExceptionOfType(SQLTransientConnectionException.class).isThrownBy(primary::getConnection);
		assertThat(pool.attempts).hasValue(1);
	}

	@Test
	void failsFastOnceTheApplicationIsReady() {
		SlowPool pool = new SlowPool(3);
		StartupPatience patience = new StartupPatience(Duration.ofSeconds(30));
		DataSource primary = patience.applyTo(pool);

		patience.onApplicationEvent(new ApplicationReadyEvent(new SpringApplication(), new String[0],
				new GenericApplicationContext(), Duration.ZERO));

		assertThatExceptionOfType(SQLTransientConnectionException.class).isThrownBy(primary::getConnection);
		assertThat(pool.attempts).hasValue(1);
	}

	@Test
	void passesOtherFailuresOnAtOnce() {
		DataSource refusing = new SlowPool(0) {

			@Override
			public Connection getConnection() throws SQLException {
				this.attempts.incrementAndGet();
				throw new SQLException("password authentication failed");
			}

		};
		DataSource primary = new StartupPatience(Duration.ofSeconds(30)).applyTo(refusing);

		assertThatExceptionOfType(SQLException.class).isThrownBy(primary::getConnection)
			.withMessageContaining("password");
	}

	/**
	 * Times out like Hikari (without the wait) the first few times, then hands out a
	 * (null) connection.
	 */
	static class SlowPool implements DataSource {

		final AtomicInteger attempts = new AtomicInteger();

		private final int timeouts;

		SlowPool(int timeouts) {
			this.timeouts = timeouts;
		}

		@Override
		public Connection getConnection() throws SQLException {
			if (this.attempts.incrementAndGet() <= this.timeouts) {
				throw new SQLTransientConnectionException("primary - Connection is not available");
			}
			return null;
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			return getConnection();
		}

		@Override
		public PrintWriter getLogWriter() {
			return null;
		}

		@Override
		public void setLogWriter(PrintWriter out) {
		}

		@Override
		public void setLoginTimeout(int seconds) {
		}

		@Override
		public int getLoginTimeout() {
			return 0;
		}

		@Override
		public Logger getParentLogger() throws SQLFeatureNotSupportedException {
			throw new SQLFeatureNotSupportedException();
		}

		@Override
		public <T> T unwrap(Class<T> iface) throws SQLException {
			throw new SQLException("not a wrapper");
		}

		@Override
		public boolean isWrapperFor(Class<?> iface) {
			return false;
		}

	}

}
