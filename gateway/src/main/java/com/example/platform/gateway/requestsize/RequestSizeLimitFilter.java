package com.example.platform.gateway.requestsize;

import java.util.concurrent.atomic.AtomicLong;

import com.example.platform.gateway.config.PlatformGatewayProperties;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses request bodies above {@code platform.gateway.max-request-size} with a 413: by
 * the declared {@code Content-Length} before anything is read or forwarded, and for a
 * body without one (chunked) as soon as it grows past the limit while streaming.
 */
@Component
class RequestSizeLimitFilter implements WebFilter, Ordered {

	// After Spring Security's filter chain (-100), so its response headers are on the 413
	// and requests without a valid token get their 401 first.
	static final int ORDER = 0;

	private final long maxBytes;

	RequestSizeLimitFilter(PlatformGatewayProperties gateway) {
		this.maxBytes = gateway.maxRequestSize().toBytes();
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		long declared = request.getHeaders().getContentLength();
		if (declared > this.maxBytes) {
			return Mono.error(new RequestBodyTooLargeException(this.maxBytes));
		}
		if (declared >= 0) {
			// HTTP framing ends the body at Content-Length: nothing more can be read.
			return chain.filter(exchange);
		}
		return chain.filter(exchange.mutate().request(new LimitedBody(request, this.maxBytes)).build());
	}

	private static final class LimitedBody extends ServerHttpRequestDecorator {

		private final long maxBytes;

		LimitedBody(ServerHttpRequest delegate, long maxBytes) {
			super(delegate);
			this.maxBytes = maxBytes;
		}

		@Override
		public Flux<DataBuffer> getBody() {
			AtomicLong read = new AtomicLong();
			return super.getBody().handle((buffer, sink) -> {
				if (read.addAndGet(buffer.readableByteCount()) > this.maxBytes) {
					DataBufferUtils.release(buffer);
					sink.error(new RequestBodyTooLargeException(this.maxBytes));
					return;
				}
				sink.next(buffer);
			});
		}

	}

}
