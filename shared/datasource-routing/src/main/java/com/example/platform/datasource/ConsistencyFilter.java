package com.example.platform.datasource;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes the request's consistency choice visible to the read routing for as long as the
 * request runs. A presented token is echoed, so a client that keeps the last token it
 * received never goes backwards.
 */
class ConsistencyFilter extends OncePerRequestFilter {

	private final boolean reportReads;

	/**
	 * A filter for each request.
	 * @param reportReads whether answers name where their reads went
	 * ({@code platform.diagnostic-headers.enabled})
	 */
	ConsistencyFilter(boolean reportReads) {
		this.reportReads = reportReads;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		RequestConsistency consistency = RequestConsistency.of(request.getHeader(RequestConsistency.CONSISTENCY_HEADER),
				request.getHeader(RequestConsistency.TOKEN_HEADER), response);
		if (this.reportReads) {
			consistency.reportingReads();
		}
		if (consistency.required() != null) {
			response.setHeader(RequestConsistency.TOKEN_HEADER, consistency.required().toString());
		}
		RequestConsistency.open(consistency);
		try {
			chain.doFilter(request, response);
		}
		finally {
			RequestConsistency.close();
		}
	}

}
