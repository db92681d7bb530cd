package com.example.platform.gateway.error;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeoutException;

import com.example.platform.gateway.requestsize.RequestBodyTooLargeException;
import com.example.platform.gateway.resilience.CircuitBreakerProperties;
import io.netty.channel.ConnectTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.cloud.gateway.support.ServiceUnavailableException;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Renders every error the gateway itself raises as {@code application/problem+json}
 * without internals. Runs before Boot's default handler (order -1), whose body has a
 * different shape. Downstream error responses are not exceptions and never reach this
 * handler.
 */
@Component
@Order(-2)
class ProblemDetailErrorHandler implements ErrorWebExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ProblemDetailErrorHandler.class);

	private final ServerResponse.Context context;

	private final CircuitBreakerProperties circuitBreakers;

	ProblemDetailErrorHandler(ServerCodecConfigurer codecs, CircuitBreakerProperties circuitBreakers) {
		this.circuitBreakers = circuitBreakers;
		List<HttpMessageWriter<?>> writers = codecs.getWriters();
		this.context = new ServerResponse.Context() {

			@Override
			public List<HttpMessageWriter<?>> messageWriters() {
				return writers;
			}

			@Override
			public List<ViewResolver> viewResolvers() {
				return List.of();
			}

		};
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		if (exchange.getResponse().isCommitted()) {
			return Mono.error(ex);
		}
		ProblemDetail problem = problemFor(exchange, ex);
		problem.setInstance(URI.create(exchange.getRequest().getURI().getRawPath()));
		HttpHeaders headers = headersFor(exchange, ex);
		return ServerResponse.status(problem.getStatus())
			.headers((target) -> target.addAll(headers))
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyValue(problem)
			.flatMap((response) -> response.writeTo(exchange, this.context));
	}

	private ProblemDetail problemFor(ServerWebExchange exchange, Throwable ex) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		String service = (route != null) ? route.getUri().getHost() : "the downstream service";
		// A chunked body that outgrew the limit while being forwarded surfaces wrapped
		// in the proxy's failure.
		RequestBodyTooLargeException tooLarge = cause(ex, RequestBodyTooLargeException.class);
		if (tooLarge != null) {
			return problem(tooLarge.getStatusCode(), tooLarge.getReason());
		}
		if (isRateLimited(ex)) {
			return problem(HttpStatus.TOO_MANY_REQUESTS, "Too many requests: retry after %d second(s)"
				.formatted(RateLimitHeaders.retryAfterSeconds(exchange.getResponse().getHeaders())));
		}
		if (hasCause(ex, AuthenticationServiceException.class)) {
			// The token could not be checked at all, e.g. user-service's key set is
			// unreachable: the client is not at fault and may retry.
			logger.warn("Could not verify a bearer token: {}", ex.toString());
			return problem(HttpStatus.SERVICE_UNAVAILABLE, "The bearer token cannot be verified right now");
		}
		if (ex instanceof ServiceUnavailableException) {
			// The route's circuit breaker is open: answered at once, without calling the
			// service, until the breaker lets trial calls through again.
			return problem(HttpStatus.SERVICE_UNAVAILABLE, "%s is unavailable: retry after %d second(s)"
				.formatted(service, this.circuitBreakers.retryAfterSeconds()));
		}
		if (ex instanceof NotFoundException) {
			return problem(HttpStatus.SERVICE_UNAVAILABLE, "No instance of %s is available".formatted(service));
		}
		if (ex instanceof ResponseStatusException rse) {
			return problemFor(exchange.getRequest(), route, service, rse);
		}
		if (hasCause(ex, ConnectTimeoutException.class) || hasCause(ex, TimeoutException.class)) {
			logger.warn("Timed out waiting for {}: {}", service, ex.toString());
			return problem(HttpStatus.GATEWAY_TIMEOUT, "%s did not respond in time".formatted(service));
		}
		// Refused, closed early or reset while proxying: an instance crashing or going
		// away.
		if (hasCause(ex, ConnectException.class) || hasCause(ex, PrematureCloseException.class)
				|| (route != null && hasCause(ex, IOException.class))) {
			logger.warn("Could not reach {}: {}", service, ex.toString());
			return problem(HttpStatus.BAD_GATEWAY, "Could not reach an instance of %s".formatted(service));
		}
		logger.error("Unexpected error while handling {}", exchange.getRequest().getURI().getRawPath(), ex);
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, "The gateway could not process the request");
	}

	private ProblemDetail problemFor(ServerHttpRequest request, Route route, String service,
			ResponseStatusException ex) {
		HttpStatusCode status = ex.getStatusCode();
		if (route == null && status.value() == HttpStatus.NOT_FOUND.value()) {
			return problem(status, "No route matches %s %s".formatted(request.getMethod(), request.getPath()));
		}
		if (status.value() == HttpStatus.GATEWAY_TIMEOUT.value()) {
			return problem(status, "%s did not respond within the gateway's response timeout".formatted(service));
		}
		String detail = ex.getBody().getDetail();
		return problem(status, (detail != null) ? detail : ex.getBody().getTitle());
	}

	private HttpHeaders headersFor(ServerWebExchange exchange, Throwable ex) {
		if (ex instanceof ServiceUnavailableException) {
			HttpHeaders headers = new HttpHeaders();
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(this.circuitBreakers.retryAfterSeconds()));
			return headers;
		}
		if (isRateLimited(ex)) {
			// The X-RateLimit-* headers are already on the response.
			HttpHeaders headers = new HttpHeaders();
			headers.set(HttpHeaders.RETRY_AFTER,
					Long.toString(RateLimitHeaders.retryAfterSeconds(exchange.getResponse().getHeaders())));
			return headers;
		}
		return (ex instanceof ResponseStatusException rse) ? rse.getHeaders() : HttpHeaders.EMPTY;
	}

	// RequestRateLimiter (throw-on-limit) signals a full bucket with this exception.
	private static boolean isRateLimited(Throwable ex) {
		return ex instanceof HttpClientErrorException clientError
				&& clientError.getStatusCode().value() == HttpStatus.TOO_MANY_REQUESTS.value();
	}

	private static ProblemDetail problem(HttpStatusCode status, String detail) {
		return ProblemDetail.forStatusAndDetail(status, detail);
	}

	private static boolean hasCause(Throwable ex, Class<? extends Throwable> type) {
		return cause(ex, type) != null;
	}

	private static <T extends Throwable> T cause(Throwable ex, Class<T> type) {
		for (Throwable candidate = ex; candidate != null; candidate = candidate.getCause()) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
		}
		return null;
	}

}
