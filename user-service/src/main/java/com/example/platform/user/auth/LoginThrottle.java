package com.example.platform.user.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import com.example.platform.user.accounts.CanonicalEmail;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Slows password guessing per email and client address, across all instances, in Redis.
 * Each attempt is counted before the password is checked, so concurrent guesses cannot
 * slip past; beyond {@code max-failures} an attempt may start only once the previous
 * one's delay has passed, and the delay doubles with each attempt up to
 * {@code max-delay}. Keyed by address too, so that a stranger's wrong guesses slow the
 * stranger and never the owner logging in from elsewhere: the right password is never
 * locked out. When Redis fails the login proceeds (the per-address limits still apply):
 * an outage of the counter must not lock everybody out.
 */
@Component
class LoginThrottle {

	private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

	private static final String KEY_PREFIX = "login-attempts:";

	private static final String WAIT_PREFIX = "login-wait:";

	private final StringRedisTemplate redis;

	private final AuthProperties.Login settings;

	private final Counter errors;

	LoginThrottle(StringRedisTemplate redis, AuthProperties properties, MeterRegistry meters) {
		this.redis = redis;
		this.settings = properties.login();
		this.errors = Counter.builder("platform.login.throttle.errors")
			.description("Login throttle checks that failed open because Redis was unavailable")
			.register(meters);
	}

	/**
	 * Counts a login attempt for the email from the address.
	 * @param email the email being logged in with
	 * @param address the client's address
	 * @throws LoginThrottledException if the attempt comes before the delay has passed
	 */
	void acquire(String email, String address) {
		String key = key(email, address);
		try {
			Long attempts = this.redis.opsForValue().increment(KEY_PREFIX + key);
			this.redis.expire(KEY_PREFIX + key, this.settings.window());
			if (attempts == null || attempts <= this.settings.maxFailures()) {
				return;
			}
			Duration delay = delay(attempts - this.settings.maxFailures());
			Boolean first = this.redis.opsForValue().setIfAbsent(WAIT_PREFIX + key, "1", delay);
			if (Boolean.FALSE.equals(first)) {
				// Refused attempts do not lengthen the next delay: Retry-After stays
				// true.
				this.redis.opsForValue().decrement(KEY_PREFIX + key);
				Long ttl = this.redis.getExpire(WAIT_PREFIX + key);
				throw new LoginThrottledException((ttl != null && ttl > 0) ? Duration.ofSeconds(ttl) : delay);
			}
		}
		catch (LoginThrottledException ex) {
			throw ex;
		}
		// Any failure of the counter (connection refused, timeout, Redis errors) fails
		// open.
		catch (RuntimeException ex) {
			failOpen(ex);
		}
	}

	/**
	 * Clears the attempts for the email from the address after a successful login.
	 * @param email the email
	 * @param address the client's address
	 */
	void reset(String email, String address) {
		String key = key(email, address);
		try {
			this.redis.delete(List.of(KEY_PREFIX + key, WAIT_PREFIX + key));
		}
		catch (RuntimeException ex) {
			failOpen(ex);
		}
	}

	// The n-th attempt beyond the allowance makes the next one wait firstDelay * 2^(n-1).
	Duration delay(long beyond) {
		long shift = Math.min(beyond - 1, 30);
		Duration delay = this.settings.firstDelay().multipliedBy(1L << shift);
		return (delay.compareTo(this.settings.maxDelay()) > 0) ? this.settings.maxDelay() : delay;
	}

	private void failOpen(RuntimeException ex) {
		this.errors.increment();
		log.warn("Login throttle unavailable, allowing the attempt: {}", ex.getMessage());
	}

	// The email's canonical form, the one the lookup uses, so no spelling of an account's
	// email gets a counter of its own; hashed, so Redis holds no email addresses.
	private static String key(String email, String address) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest((CanonicalEmail.of(email) + "\n" + address).getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
