package com.example.platform.user.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Limits password guessing per email, across all instances, by counting login attempts in
 * Redis since the last successful one. The attempt is counted before the password is
 * checked, so concurrent guesses cannot slip past the limit. When Redis fails the login
 * proceeds (the gateway's per-IP limit still applies): an outage of the counter must not
 * lock everybody out.
 */
@Component
class LoginThrottle {

	private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

	private static final String KEY_PREFIX = "login-attempts:";

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
	 * Counts a login attempt for the email.
	 * @param email the email being logged in with
	 * @throws LoginThrottledException if the email has used up its attempts
	 */
	void acquire(String email) {
		String key = key(email);
		try {
			Long attempts = this.redis.opsForValue().increment(key);
			if (attempts != null && attempts == 1) {
				this.redis.expire(key, this.settings.window());
			}
			if (attempts != null && attempts > this.settings.maxFailures()) {
				Long ttl = this.redis.getExpire(key);
				Duration retryAfter = (ttl != null && ttl > 0) ? Duration.ofSeconds(ttl) : this.settings.window();
				throw new LoginThrottledException(retryAfter);
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
	 * Clears the email's attempts after a successful login.
	 * @param email the email
	 */
	void reset(String email) {
		try {
			this.redis.delete(key(email));
		}
		catch (RuntimeException ex) {
			failOpen(ex);
		}
	}

	private void failOpen(RuntimeException ex) {
		this.errors.increment();
		log.warn("Login throttle unavailable, allowing the attempt: {}", ex.getMessage());
	}

	// Hashed, so Redis holds no email addresses.
	private static String key(String email) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(email.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
			return KEY_PREFIX + HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
