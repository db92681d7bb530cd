package com.example.platform.gateway.security;

import java.time.Duration;

import com.example.platform.tokens.RevokedSubjects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;

/**
 * The gateway's end of the services' revocations (security-support's
 * {@code SubjectRevocations}): subscribes to {@link RevokedSubjects#CHANNEL}, then loads
 * the revocations kept as keys, so a gateway that starts after a user's deletion refuses
 * the user's tokens too.
 */
class SubjectRevocationListener implements SmartInitializingSingleton, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(SubjectRevocationListener.class);

	private final ReactiveRedisConnectionFactory redis;

	private final RevokedSubjects revoked;

	private Disposable subscription;

	private ReactiveRedisMessageListenerContainer container;

	SubjectRevocationListener(ReactiveRedisConnectionFactory redis, RevokedSubjects revoked) {
		this.redis = redis;
		this.revoked = revoked;
	}

	// Off the startup path and retried: the gateway starts, and keeps routing, while
	// Redis is away (as its rate limiter does), and subscribes once Redis is back.
	@Override
	public void afterSingletonsInstantiated() {
		this.subscription = Mono
			.fromCallable(() -> replaceContainer(new ReactiveRedisMessageListenerContainer(this.redis)))
			.flatMapMany((container) -> container.receive(ChannelTopic.of(RevokedSubjects.CHANNEL))
				.map((message) -> message.getMessage())
				// Subscribed first, then the keys: a revocation in between is seen
				// either way.
				.mergeWith(new ReactiveStringRedisTemplate(this.redis)
					.scan(ScanOptions.scanOptions().match(RevokedSubjects.KEY_PREFIX + "*").count(1000).build())
					.map((key) -> key.substring(RevokedSubjects.KEY_PREFIX.length()))))
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1))
				.maxBackoff(Duration.ofSeconds(30))
				.doBeforeRetry((signal) -> log.warn("Revocations from Redis unavailable, retrying: {}",
						signal.failure().getMessage())))
			.subscribeOn(Schedulers.boundedElastic())
			.subscribe(this.revoked::revoke);
	}

	private synchronized ReactiveRedisMessageListenerContainer replaceContainer(
			ReactiveRedisMessageListenerContainer container) {
		if (this.container != null) {
			this.container.destroy();
		}
		this.container = container;
		return container;
	}

	@Override
	public synchronized void destroy() {
		if (this.subscription != null) {
			this.subscription.dispose();
		}
		if (this.container != null) {
			this.container.destroy();
		}
	}

}
