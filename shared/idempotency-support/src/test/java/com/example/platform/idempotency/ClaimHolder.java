package com.example.platform.idempotency;

import java.time.Duration;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * An instance holding a key, in a JVM of its own so a test can kill it: it takes the
 * key's lock through {@link ClaimLocks}, as a running request does, says so on standard
 * output and waits.
 * <p>
 * Arguments: JDBC URL, user name, password, the key's lock.
 */
final class ClaimHolder {

	static final String LOCKED = "locked";

	private ClaimHolder() {
	}

	public static void main(String[] args) throws Exception {
		ClaimLocks locks = new ClaimLocks(new DriverManagerDataSource(args[0], args[1], args[2]),
				Duration.ofSeconds(10));
		locks.start();
		if (!locks.tryLock(Long.parseLong(args[3]))) {
			throw new IllegalStateException("The key's lock is held elsewhere");
		}
		System.out.println(LOCKED);
		System.out.flush();
		// Until the test kills this JVM (or closes its input).
		System.in.read();
	}

}
