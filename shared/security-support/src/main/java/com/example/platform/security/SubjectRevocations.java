package com.example.platform.security;

import java.nio.charset.StandardCharsets;

import com.example.platform.tokens.ClaimPolicy;
import com.example.platform.tokens.RevokedSubjects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Carries revocations between the instances of every validator over Redis: announced on
 * {@link RevokedSubjects#CHANNEL} for those running, kept as
 * {@link RevokedSubjects#KEY_PREFIX}{@code <subject>} (as long as a token can live) for
 * those that start later. The gateway listens to the same channel and keys.
 */
public class SubjectRevocations implements SmartInitializingSingleton, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(SubjectRevocations.class);

	private final StringRedisTemplate redis;

	private final RevokedSubjects revoked;

	private final RedisMessageListenerContainer listener;

	SubjectRevocations(RedisConnectionFactory connections, RevokedSubjects revoked) {
		this.redis = new StringRedisTemplate(connections);
		this.revoked = revoked;
		this.listener = new RedisMessageListenerContainer();
		this.listener.setConnectionFactory(connections);
		this.listener.addMessageListener(
				(message, pattern) -> revoked.revoke(new String(message.getBody(), StandardCharsets.UTF_8)),
				new ChannelTopic(RevokedSubjects.CHANNEL));
	}

	/**
	 * Stops every validator of the platform accepting the subject's tokens.
	 * @param subject the subject, e.g. a deleted user's id
	 */
	public void revoke(String subject) {
		this.revoked.revoke(subject);
		this.redis.opsForValue()
			.set(RevokedSubjects.KEY_PREFIX + subject, "", ClaimPolicy.MAX_LIFETIME.plus(ClaimPolicy.CLOCK_SKEW));
		this.redis.convertAndSend(RevokedSubjects.CHANNEL, subject);
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.listener.afterPropertiesSet();
		try {
			// The container subscribes in the background and keeps retrying while Redis
			// is away; the service starts either way.
			this.listener.start();
		}
		catch (RuntimeException ex) {
			log.warn("Could not subscribe to revoked token subjects: {}", ex.getMessage());
		}
		// Subscribed first, then the keys: a revocation in between is seen either way.
		try (Cursor<String> keys = this.redis
			.scan(ScanOptions.scanOptions().match(RevokedSubjects.KEY_PREFIX + "*").count(1000).build())) {
			keys.forEachRemaining((key) -> this.revoked.revoke(key.substring(RevokedSubjects.KEY_PREFIX.length())));
		}
		catch (RuntimeException ex) {
			// Without Redis now, the subscription catches up when it reconnects; keys
			// revoked meanwhile are missed, which the log says.
			log.warn("Could not load revoked token subjects from Redis: {}", ex.getMessage());
		}
	}

	@Override
	public void destroy() throws Exception {
		this.listener.destroy();
	}

}
