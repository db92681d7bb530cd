package com.example.platform.order.user;

import java.time.Clock;
import java.util.Locale;

import com.example.platform.tls.PlatformTls;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.Registry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.restclient.autoconfigure.RestClientBuilderConfigurer;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Scope;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UserServiceProperties.class)
class UserServiceClientConfiguration {

	private static final Logger log = LoggerFactory.getLogger(UserServiceClientConfiguration.class);

	// Declaring any RestClient.Builder makes Boot's own back off, and Eureka's registry
	// client takes whichever builder the context offers: without this plain primary one
	// it
	// would get the load-balanced builder, resolve "localhost" as a service id and never
	// register (spring-cloud-netflix#4380).
	@Bean
	@Primary
	@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
	RestClient.Builder plainRestClientBuilder(RestClientBuilderConfigurer configurer) {
		return configurer.configure(RestClient.builder());
	}

	// Boot's message converters and customizers, plus Spring Cloud's load-balancing
	// interceptor, which resolves http://user-service through discovery.
	@Bean
	@LoadBalanced
	RestClient.Builder loadBalancedRestClientBuilder(RestClientBuilderConfigurer configurer) {
		return configurer.configure(RestClient.builder());
	}

	// The instances come from application.yml (resilience4j.*.instances.user-service);
	// a missing one fails startup instead of silently running on library defaults.
	@Bean
	UserServiceGuard userServiceGuard(RetryRegistry retries, CircuitBreakerRegistry circuitBreakers,
			BulkheadRegistry bulkheads, TimeLimiterRegistry timeLimiters, MeterRegistry meters) {
		CircuitBreaker circuitBreaker = configured(circuitBreakers, "circuitbreaker");
		circuitBreaker.getEventPublisher().onStateTransition((event) -> {
			log.warn("Circuit breaker {}: {}", event.getCircuitBreakerName(), event.getStateTransition());
			// Resilience4j's gauges show the state now; this counts every change, so a
			// breaker that flapped between two scrapes still shows on the dashboard.
			Counter.builder("platform.circuitbreaker.transitions")
				.description("Circuit breaker state transitions")
				.tag("name", event.getCircuitBreakerName())
				.tag("from", event.getStateTransition().getFromState().name().toLowerCase(Locale.ROOT))
				.tag("to", event.getStateTransition().getToState().name().toLowerCase(Locale.ROOT))
				.register(meters)
				.increment();
		});
		Retry retry = configured(retries, "retry");
		retry.getEventPublisher()
			.onRetry((event) -> log.debug("Retrying the user check (attempt {}) after {}",
					event.getNumberOfRetryAttempts() + 1, event.getLastThrowable().toString()));
		return new UserServiceGuard(retry, circuitBreaker, configured(bulkheads, "bulkhead"),
				configured(timeLimiters, "timelimiter"));
	}

	private static <E> E configured(Registry<E, ?> registry, String kind) {
		return registry.find(UserServiceGuard.INSTANCE)
			.orElseThrow(() -> new IllegalStateException(
					"resilience4j.%s.instances.%s is not configured".formatted(kind, UserServiceGuard.INSTANCE)));
	}

	@Bean
	UserDirectory userDirectory(@LoadBalanced RestClient.Builder builder, UserServiceProperties properties,
			UserServiceGuard guard, UserProjection projection, MeterRegistry meters, ObjectProvider<PlatformTls> tls) {
		ClientHttpRequestFactory requestFactory = requestFactory(properties, tls.getIfAvailable());
		RestClient tokenEndpoint = builder.clone().baseUrl(properties.baseUrl()).requestFactory(requestFactory).build();
		ServiceTokens tokens = new ServiceTokens(tokenEndpoint, properties.clientId(), properties.clientSecret(),
				properties.tokenRefreshMargin(), Clock.systemUTC());
		// Added after the load balancer's interceptor, so a retry after a 401 goes to the
		// instance that was chosen for the first attempt.
		RestClient client = builder.clone()
			.baseUrl(properties.baseUrl())
			.requestFactory(requestFactory)
			.requestInterceptor(new ServiceTokenInterceptor(tokens))
			.build();
		return new UserDirectory(client, guard, projection, meters, properties.retryAfter());
	}

	// With mutual TLS on, the user checks and token requests present order-service's
	// certificate, and Apache HttpClient checks that user-service's names the host the
	// load balancer chose (UserServiceLoadBalancing keeps only instances registered for
	// TLS, so the call is https whatever base-url says).
	private static ClientHttpRequestFactory requestFactory(UserServiceProperties properties, PlatformTls tls) {
		HttpClientSettings settings = PlatformTls.settingsOf(tls)
			.withTimeouts(properties.connectTimeout(), properties.readTimeout());
		return ClientHttpRequestFactoryBuilder.httpComponents()
			// Apache HttpClient would otherwise silently retry a 503, honouring its
			// Retry-After: retries are for the resilience layer to decide, visibly. No
			// connection state: with a client certificate (mutual TLS) HttpClient would
			// keep each connection for requests carrying its TLS principal as user token,
			// which none do, so the pool would fill up instead of reusing connections.
			.withHttpClientCustomizer((client) -> client.disableAutomaticRetries().disableConnectionState())
			.build(settings);
	}

}
