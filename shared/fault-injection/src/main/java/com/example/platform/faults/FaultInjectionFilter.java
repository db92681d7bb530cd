package com.example.platform.faults;

import java.io.IOException;

import com.example.platform.web.ServletProblems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Delays and fails requests as the {@link FaultInjector} decides. The admin endpoints (so
 * faults can always be switched off again) and actuator (so health checks and scrapes
 * keep telling the truth) are never touched.
 */
class FaultInjectionFilter extends OncePerRequestFilter {

	static final String INJECTED_HEADER = "X-Injected-Fault";

	private final FaultInjector injector;

	private final PathPattern admin;

	private final PathPattern actuator;

	FaultInjectionFilter(FaultInjector injector, String actuatorBasePath) {
		this.injector = injector;
		this.admin = PathPatternParser.defaultInstance.parse("/api/admin/**");
		this.actuator = PathPatternParser.defaultInstance.parse(actuatorBasePath + "/**");
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		PathContainer path = PathContainer.parsePath(pathOf(request));
		return this.admin.matches(path) || this.actuator.matches(path);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		FaultInjector.Decision decision = this.injector.decide(pathOf(request));
		if (!decision.latency().isZero()) {
			// The point of a latency fault: hold this request's thread like a slow
			// dependency would.
			try {
				Thread.sleep(decision.latency());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (decision.fails()) {
			writeError(request, response, decision.errorStatus());
			return;
		}
		chain.doFilter(request, response);
	}

	private static void writeError(HttpServletRequest request, HttpServletResponse response, int status)
			throws IOException {
		response.setHeader(INJECTED_HEADER, "error");
		ServletProblems.write(request, response, status,
				"Fault injected on purpose (platform.faults); clear it with DELETE /api/admin/faults");
	}

	private static String pathOf(HttpServletRequest request) {
		return request.getRequestURI().substring(request.getContextPath().length());
	}

}
