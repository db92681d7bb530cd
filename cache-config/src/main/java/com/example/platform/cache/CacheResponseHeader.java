package com.example.platform.cache;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Names each cache lookup of an HTTP request in its answer, {@code X-Cache:
 * users=hit}, one value per lookup, so a client (the shop's request inspector) can see
 * the cache at work. Lookups outside a request (a Kafka listener) are not reported.
 */
class CacheResponseHeader implements CacheLookupListener {

	static final String HEADER = "X-Cache";

	@Override
	public void looked(String cache, String outcome) {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			HttpServletResponse response = attributes.getResponse();
			if (response != null && !response.isCommitted()) {
				response.addHeader(HEADER, cache + "=" + outcome);
			}
		}
	}

}
