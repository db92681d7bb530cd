package com.example.platform.idempotency;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Whether the request holding a key is still alive. While it runs, the key's PostgreSQL
 * advisory lock is held on this instance's claim session; PostgreSQL ends that session,
 * and so frees the lock, when the instance is gone: the kernel closes a killed process's
 * connections at once, and when a host vanishes without closing them or a JVM freezes,
 * the heartbeat stops and the session's {@code idle_session_timeout} ends it. An instance
 * that can take the lock of a key still marked in progress thus knows its owner is dead.
 * <p>
 * One session serves all of an instance's requests, taking turns (lock and unlock are
 * sub-millisecond). A lock per request on a pool connection would hold a second
 * connection for every running request, and a full pool would then deadlock the requests
 * that need one for their own work. The session is a connection of its own, not one
 * borrowed from the pool, so a lock can never go back to the pool with it. Session locks
 * stack within a session, so the keys held here are tracked too: two requests of this
 * instance never both get one.
 */
class ClaimLocks implements SmartLifecycle {

	// Names the session and its process in pg_stat_activity: which instance holds which
	// keys' locks.
	static final String APPLICATION_NAME = "idempotency-claims pid " + ProcessHandle.current().pid();

	private static final Logger log = LoggerFactory.getLogger(ClaimLocks.class);

	private final DataSource dataSource;

	private final Duration ownerTimeout;

	// Turns on the session: its statements, the connection and the held keys change
	// together, or a lock taken while reconnecting could be counted twice.
	private final ReentrantLock turn = new ReentrantLock();

	private final Set<Long> held = new HashSet<>();

	private Connection connection;

	private JdbcTemplate session;

	private volatile ScheduledExecutorService heartbeat;

	/**
	 * @param dataSource where the session's connection comes from: a fresh connection on
	 * every call, never a pool
	 * @param ownerTimeout how long the session may stay silent before PostgreSQL ends it
	 */
	ClaimLocks(DataSource dataSource, Duration ownerTimeout) {
		this.dataSource = dataSource;
		this.ownerTimeout = ownerTimeout;
	}

	/**
	 * Takes the lock of a key if no live request holds it, on any instance.
	 * @param id the key's lock
	 * @return whether this request now holds it
	 */
	boolean tryLock(long id) {
		this.turn.lock();
		try {
			if (this.held.contains(id)) {
				return false;
			}
			boolean locked = Boolean.TRUE
				.equals(session().queryForObject("select pg_try_advisory_lock(?)", Boolean.class, id));
			if (locked) {
				this.held.add(id);
			}
			return locked;
		}
		catch (DataAccessException ex) {
			dropIfBroken();
			throw ex;
		}
		finally {
			this.turn.unlock();
		}
	}

	/**
	 * Gives a key's lock up: a request waiting for the key may take it.
	 * @param id the key's lock
	 */
	void unlock(long id) {
		this.turn.lock();
		try {
			if (this.held.remove(id) && this.connection != null) {
				session().queryForObject("select pg_advisory_unlock(?)", Boolean.class, id);
			}
		}
		catch (DataAccessException ex) {
			// Only a broken session fails here, and it holds no locks any more.
			log.warn("Could not unlock an idempotency key: {}", ex.getMessage());
			dropIfBroken();
		}
		finally {
			this.turn.unlock();
		}
	}

	/**
	 * Gives a key's lock up after the owner timeout: for a request whose effect happened
	 * but whose response could not be stored, so that a retry arriving at once is still
	 * refused rather than run again.
	 * @param id the key's lock
	 */
	void unlockLater(long id) {
		ScheduledExecutorService running = this.heartbeat;
		if (running == null) {
			unlock(id);
			return;
		}
		running.schedule(() -> unlock(id), this.ownerTimeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void start() {
		ScheduledExecutorService started = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("idempotency-claims").daemon().factory());
		long interval = heartbeatInterval().toMillis();
		started.scheduleWithFixedDelay(this::beat, interval, interval, TimeUnit.MILLISECONDS);
		this.heartbeat = started;
	}

	// Stopped after the web server (whose phases are DEFAULT_PHASE - 1024 and - 2048):
	// requests that drain during a graceful shutdown keep their locks to the end.
	@Override
	public void stop() {
		ScheduledExecutorService running = this.heartbeat;
		if (running != null) {
			running.shutdownNow();
			this.heartbeat = null;
		}
		this.turn.lock();
		try {
			this.held.clear();
			disconnect();
		}
		finally {
			this.turn.unlock();
		}
	}

	@Override
	public boolean isRunning() {
		return this.heartbeat != null;
	}

	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	// Silence shorter than a third of the timeout: one late beat never ends the session.
	Duration heartbeatInterval() {
		return this.ownerTimeout.dividedBy(3);
	}

	// Keeps the session from going idle for the owner timeout, and after the database
	// ended it (a restart, a failover) opens a new one and takes the held locks again.
	private void beat() {
		this.turn.lock();
		try {
			if (this.connection != null) {
				session().queryForObject("select 1", Integer.class);
			}
			else if (!this.held.isEmpty()) {
				session();
			}
		}
		catch (DataAccessException ex) {
			log.warn("The idempotency claim session failed: {}", ex.getMessage());
			dropIfBroken();
		}
		catch (RuntimeException ex) {
			log.warn("The idempotency claim session's heartbeat failed", ex);
		}
		finally {
			this.turn.unlock();
		}
	}

	private JdbcTemplate session() {
		if (this.connection == null) {
			Connection opened = open();
			this.connection = opened;
			this.session = new JdbcTemplate(new SingleConnectionDataSource(opened, true));
			retake();
		}
		return this.session;
	}

	private Connection open() {
		try {
			Connection opened = this.dataSource.getConnection();
			try {
				// Outside a transaction, or idle_session_timeout would not apply.
				opened.setAutoCommit(true);
				opened.setClientInfo("ApplicationName", APPLICATION_NAME);
				try (var statement = opened.createStatement()) {
					statement.execute("set idle_session_timeout = " + this.ownerTimeout.toMillis());
				}
				return opened;
			}
			catch (SQLException ex) {
				opened.close();
				throw ex;
			}
		}
		catch (SQLException ex) {
			throw new CannotGetJdbcConnectionException("Could not open the idempotency claim session", ex);
		}
	}

	// The locks of the requests still running went with the old session. Until they are
	// taken again another instance could take one over: say so, as its request may then
	// take effect twice.
	private void retake() {
		for (Long id : this.held) {
			Boolean locked = this.session.queryForObject("select pg_try_advisory_lock(?)", Boolean.class, id);
			if (!Boolean.TRUE.equals(locked)) {
				log.error("An idempotency key held by a running request was taken over after its claim session"
						+ " was lost; that request may take effect twice");
			}
		}
	}

	private void dropIfBroken() {
		boolean valid;
		try {
			valid = this.connection != null && this.connection.isValid(1);
		}
		catch (SQLException ex) {
			valid = false;
		}
		if (!valid) {
			disconnect();
		}
	}

	private void disconnect() {
		if (this.connection != null) {
			try {
				this.connection.close();
			}
			catch (SQLException ex) {
				log.debug("Could not close the idempotency claim session", ex);
			}
			this.connection = null;
			this.session = null;
		}
	}

}
