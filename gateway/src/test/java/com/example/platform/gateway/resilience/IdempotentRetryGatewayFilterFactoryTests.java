package com.example.platform.gateway.resilience;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.RetryGatewayFilterFactory.RetryConfig;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The real Retry underneath, without backoff, against scripted attempts: how many retries
 * each request is counted with, for repeats on a status, retries on an exception and both
 * within one request.
 */
class IdempotentRetryGatewayFilterFactoryTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	// As every route has it in application.yml, less the backoff.
	private final GatewayFilter filter = new IdempotentRetryGatewayFilterFactory(new RetryMetrics(this.meters))
		.apply(new RetryConfig().setRetries(2)
			.setMethods(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.PUT, HttpMethod.DELETE)
			.setStatuses(HttpStatus.BAD_GATEWAY, HttpStatus.SERVICE_UNAVAILABLE)
			.setExceptions(IOException.class));

	@Test
	void countsTheRetryOfAGetFirstAnswered503() {
		Attempts attempts = new Attempts(answer(503), answer(200));

		this.filter.filter(get(), attempts).block(TIMEOUT);

		assertThat(attempts.made()).isEqualTo(2);
		assertThat(retries("GET", "2xx")).isEqualTo(1);
	}

	@Test
	void countsTheRetriesOfAGetWhoseFirstAttemptsWereRefused() {
		Attempts attempts = new Attempts(refused(), refused(), answer(200));

		this.filter.filter(get(), attempts).block(TIMEOUT);

		assertThat(attempts.made()).isEqualTo(3);
		assertThat(retries("GET", "2xx")).isEqualTo(2);
	}

	// Both kinds advance the same iteration, so together they stay within the limit.
	@Test
	void countsRepeatsOnAStatusAndRetriesOnAnExceptionWithinOneRequest() {
		Attempts attempts = new Attempts(answer(503), refused(), answer(200));

		this.filter.filter(get(), attempts).block(TIMEOUT);

		assertThat(attempts.made()).isEqualTo(3);
		assertThat(retries("GET", "2xx")).isEqualTo(2);
	}

	@Test
	void countsEveryRetryOfAGetWhoseAttemptsAllFailed() {
		Attempts attempts = new Attempts(refused(), refused(), refused(), answer(200));

		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> this.filter.filter(get(), attempts).block(TIMEOUT))
			.withRootCauseInstanceOf(ConnectException.class);

		assertThat(attempts.made()).isEqualTo(3);
		assertThat(retries("GET", "error")).isEqualTo(2);
	}

	@Test
	void countsEveryRetryOfAGetAnswered503Each() {
		Attempts attempts = new Attempts(answer(503), answer(503), answer(503), answer(200));
		ServerWebExchange exchange = get();

		this.filter.filter(exchange, attempts).block(TIMEOUT);

		assertThat(attempts.made()).isEqualTo(3);
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(retries("GET", "5xx")).isEqualTo(2);
	}

	@Test
	void doesNotCountAGetAnsweredAtTheFirstAttempt() {
		this.filter.filter(get(), new Attempts(answer(200))).block(TIMEOUT);

		assertThat(this.meters.find(RetryMetrics.METRIC).counters()).isEmpty();
	}

	@Test
	void neitherRetriesNorCountsAPostWithoutAnIdempotencyKey() {
		Attempts attempts = new Attempts(answer(503), answer(200));

		this.filter.filter(post(null), attempts).block(TIMEOUT);

		assertThat(attempts.made()).isEqualTo(1);
		assertThat(this.meters.find(RetryMetrics.METRIC).counters()).isEmpty();
	}

	@Test
	void countsTheRetryOfAPostWithAnIdempotencyKey() {
		Attempts attempts = new Attempts(answer(503), answer(201));

		this.filter.filter(post("key-1"), attempts).block(TIMEOUT);

		assertThat(attempts.made()).isEqualTo(2);
		assertThat(retries("POST", "2xx")).isEqualTo(1);
	}

	// The route's time limit cancels a request whose retry hangs; that retry is counted.
	@Test
	void countsTheRetryUnderWayWhenTheRequestIsCancelled() {
		Attempts attempts = new Attempts(answer(503), hangs());

		Disposable request = this.filter.filter(get(), attempts).subscribe();
		await().atMost(TIMEOUT).until(() -> attempts.made() == 2);
		request.dispose();

		assertThat(retries("GET", "cancelled")).isEqualTo(1);
	}

	@Test
	void doesNotCountAFirstAttemptThatIsCancelled() {
		Attempts attempts = new Attempts(hangs());

		Disposable request = this.filter.filter(get(), attempts).subscribe();
		await().atMost(TIMEOUT).until(() -> attempts.made() == 1);
		request.dispose();

		assertThat(this.meters.find(RetryMetrics.METRIC).counters()).isEmpty();
	}

	private double retries(String method, String outcome) {
		Counter counter = this.meters.find(RetryMetrics.METRIC)
			.tags("route", "user-service", "method", method, "outcome", outcome)
			.counter();
		assertThat(counter).as("retries of %s with outcome %s", method, outcome).isNotNull();
		return counter.count();
	}

	private static ServerWebExchange get() {
		return routed(MockServerHttpRequest.get("/api/users/1").build());
	}

	private static ServerWebExchange post(String idempotencyKey) {
		MockServerHttpRequest.BodyBuilder request = MockServerHttpRequest.post("/api/users");
		if (idempotencyKey != null) {
			request.header(IdempotentRetryGatewayFilterFactory.IDEMPOTENCY_KEY, idempotencyKey);
		}
		return routed(request.body("{}"));
	}

	private static ServerWebExchange routed(MockServerHttpRequest request) {
		MockServerWebExchange exchange = MockServerWebExchange.from(request);
		Route route = Route.async().id("user-service").uri("lb://user-service").predicate((ignored) -> true).build();
		exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR, route);
		return exchange;
	}

	private static Attempt answer(int status) {
		return (exchange) -> Mono
			.fromRunnable(() -> exchange.getResponse().setStatusCode(HttpStatusCode.valueOf(status)));
	}

	private static Attempt refused() {
		return (exchange) -> Mono.error(new ConnectException("Connection refused"));
	}

	private static Attempt hangs() {
		return (exchange) -> Mono.never();
	}

	/**
	 * One attempt at the instance: what the rest of the chain does when subscribed.
	 */
	@FunctionalInterface
	private interface Attempt extends Function<ServerWebExchange, Mono<Void>> {

	}

	/**
	 * The rest of the chain, as Retry sees it: subscribed again for every attempt, each
	 * one answered by the next scripted {@link Attempt}.
	 */
	private static final class Attempts implements GatewayFilterChain {

		private final List<Attempt> script;

		private final AtomicInteger made = new AtomicInteger();

		Attempts(Attempt... script) {
			this.script = List.of(script);
		}

		int made() {
			return this.made.get();
		}

		@Override
		public Mono<Void> filter(ServerWebExchange exchange) {
			return Mono.defer(() -> this.script.get(this.made.getAndIncrement()).apply(exchange));
		}

	}

}
