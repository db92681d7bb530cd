package com.example.platform.datasource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;

import javax.sql.DataSource;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * How long a caller may wait for one of the primary's connections: the pool's short
 * connection timeout is for requests, so an unreachable primary fails them fast instead
 * of hanging them; while the application starts, a caller keeps waiting up to the
 * start-up timeout. Start-up work holds a connection while it asks for another (Flyway
 * does, for its schema history), while the pool is still opening its first connections:
 * on a busy two-core machine that took longer than 500 ms, and a service failed to start
 * (order-service's OrderApiIT, 2026-12-07). Once the application is ready, and only then
 * routable, the pool's own timeout applies again.
 */
final class StartupPatience implements ApplicationListener<ApplicationReadyEvent> {

	private final Duration startupTimeout;

	private volatile boolean ready;

	StartupPatience(Duration startupTimeout) {
		this.startupTimeout = startupTimeout;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		this.ready = true;
	}

	/**
	 * The pool as the application uses it.
	 * @param pool the primary's pool
	 * @return a data source that waits past the pool's timeout until the application is
	 * ready
	 */
	DataSource applyTo(DataSource pool) {
		return new DelegatingDataSource(pool) {

			@Override
			public Connection getConnection() throws SQLException {
				return connect(obtainTargetDataSource());
			}

		};
	}

	Connection connect(DataSource pool) throws SQLException {
		long deadline = System.nanoTime() + this.startupTimeout.toNanos();
		while (true) {
			try {
				return pool.getConnection();
			}
			// The pool's timeout: each attempt waits it out, so this is no busy loop.
			catch (SQLTransientConnectionException ex) {
				if (this.ready || System.nanoTime() - deadline >= 0) {
					throw ex;
				}
			}
		}
	}

}
