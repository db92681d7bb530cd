package com.example.platform.user.ratelimit;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The address a request came from, for limits per client: the TCP peer, or, when the peer
 * is a trusted proxy, the last address that proxy appended to {@code X-Forwarded-For}
 * (earlier entries are the client's own claims).
 */
@Component
public class ClientAddresses {

	private final List<IpAddressMatcher> trustedProxies;

	ClientAddresses(RateLimitProperties properties) {
		this.trustedProxies = properties.trustedProxies().stream().map(IpAddressMatcher::new).toList();
	}

	/**
	 * The client's address.
	 * @param request the request
	 * @return its client's address
	 */
	public String of(HttpServletRequest request) {
		String peer = request.getRemoteAddr();
		String forwarded = request.getHeader("X-Forwarded-For");
		if (!StringUtils.hasText(forwarded) || this.trustedProxies.stream().noneMatch((proxy) -> proxy.matches(peer))) {
			return peer;
		}
		String last = forwarded.substring(forwarded.lastIndexOf(',') + 1).strip();
		return last.isEmpty() ? peer : last;
	}

}
