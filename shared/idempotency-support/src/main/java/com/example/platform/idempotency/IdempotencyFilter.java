package com.example.platform.idempotency;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.example.platform.web.ServletProblems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes a POST that carries an {@code Idempotency-Key} take effect at most once: the
 * first request with a key runs and its response is stored; a repeat with the same body
 * gets that response again (with {@code Idempotent-Replayed: true}), a repeat with
 * another body a 422, a repeat while the first still runs a 409. Failures (5xx, 408, 429,
 * exceptions) release the key so the client can retry. Requests without the header pass
 * through untouched.
 * <p>
 * Bodies larger than {@code platform.idempotency.max-body-size}, and form or multipart
 * bodies (which the container parses from the stream itself), pass through without
 * idempotency.
 */
class IdempotencyFilter extends OncePerRequestFilter {

	static final String KEY_HEADER = "Idempotency-Key";

	static final String REPLAYED_HEADER = "Idempotent-Replayed";

	static final int MAX_KEY_LENGTH = 255;

	private static final String FINGERPRINT_ALGORITHM = "HmacSHA256";

	private static final AntPathMatcher PATHS = new AntPathMatcher();

	private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);

	private final IdempotencyKeys keys;

	private final IdempotencyMetrics metrics;

	private final int maxBodySize;

	private final String retryAfterSeconds;

	private final List<String> excludedPaths;

	private final SecretKeySpec fingerprintKey;

	private final List<String> replayedHeaders;

	IdempotencyFilter(IdempotencyKeys keys, IdempotencyMetrics metrics, IdempotencyProperties properties) {
		this.keys = keys;
		this.metrics = metrics;
		this.maxBodySize = (int) properties.maxBodySize().toBytes();
		this.retryAfterSeconds = String.valueOf(Math.max(1, properties.retryAfter().toSeconds()));
		this.excludedPaths = properties.excludedPaths();
		this.fingerprintKey = fingerprintKey(properties.fingerprintSecret());
		this.replayedHeaders = properties.replayedHeaders();
	}

	private static SecretKeySpec fingerprintKey(String secret) {
		if (secret == null || secret.isBlank()) {
			log.warn("platform.idempotency.fingerprint-secret is not set: request bodies are fingerprinted with a"
					+ " plain SHA-256, which a reader of idempotency_keys can test guesses against");
			return null;
		}
		return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), FINGERPRINT_ALGORITHM);
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !HttpMethod.POST.matches(request.getMethod()) || request.getHeader(KEY_HEADER) == null
				|| isForm(request.getContentType()) || isExcluded(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String key = request.getHeader(KEY_HEADER);
		if (!isValidKey(key)) {
			ServletProblems.write(request, response, HttpStatus.BAD_REQUEST,
					KEY_HEADER + " must be 1 to " + MAX_KEY_LENGTH + " visible ASCII characters");
			return;
		}
		if (request.getContentLengthLong() > this.maxBodySize) {
			chain.doFilter(request, response);
			return;
		}
		byte[] body = request.getInputStream().readNBytes(this.maxBodySize + 1);
		BufferedRequest buffered = new BufferedRequest(request, body);
		if (body.length > this.maxBodySize) {
			// A chunked body beyond the cap: too large to remember, so it runs
			// unprotected.
			chain.doFilter(buffered, response);
			return;
		}
		IdempotentRequest idempotent = new IdempotentRequest(Callers.of(request), request.getMethod(),
				request.getRequestURI(), key, fingerprint(body));
		Claim claim;
		try {
			claim = this.keys.claim(idempotent);
		}
		catch (DataAccessResourceFailureException | TransientDataAccessException ex) {
			// The keys live in the primary: while it is down the write could not run
			// either, and a 503 (not the 500 an escaping exception becomes) is what
			// clients and the gateway retry.
			log.warn("Could not claim an {}: {}", KEY_HEADER, ex.getMessage());
			response.setHeader(HttpHeaders.RETRY_AFTER, this.retryAfterSeconds);
			ServletProblems.write(request, response, HttpStatus.SERVICE_UNAVAILABLE,
					"The database is unavailable at the moment; retry shortly.");
			return;
		}
		switch (claim) {
			case Claim.Acquired acquired -> {
				if (acquired.fromDeadOwner()) {
					this.metrics.tookOverFromDeadOwner();
				}
				proceed(idempotent, acquired, buffered, response, chain);
			}
			case Claim.Replay replay -> replay(replay.response(), response);
			case Claim.Mismatch mismatch -> {
				this.metrics.mismatched();
				ServletProblems.write(request, response, HttpStatus.UNPROCESSABLE_CONTENT,
						"This " + KEY_HEADER + " was already used with a different request body");
			}
			case Claim.InProgress inProgress -> {
				this.metrics.stillInProgress();
				response.setHeader(HttpHeaders.RETRY_AFTER, this.retryAfterSeconds);
				ServletProblems.write(request, response, HttpStatus.CONFLICT,
						"A request with this " + KEY_HEADER + " is still being processed; retry later");
			}
		}
	}

	private void proceed(IdempotentRequest idempotent, Claim.Acquired acquired, BufferedRequest request,
			HttpServletResponse response, FilterChain chain) throws ServletException, IOException {
		RecordingResponse recording = new RecordingResponse(response);
		boolean kept = false;
		try {
			chain.doFilter(request, recording);
			if (recording.isFinal()) {
				kept = true;
				store(idempotent, acquired, recording);
			}
		}
		finally {
			if (!kept) {
				release(idempotent, acquired);
			}
			recording.copyBodyToResponse();
		}
	}

	// The service's own answer (often a 503 with Retry-After while the database is short
	// of connections) still goes out when the release fails: an escaping exception would
	// replace it with a 500. The key's row then stays in progress with its lock released,
	// so the client's retry takes it over.
	private void release(IdempotentRequest idempotent, Claim.Acquired acquired) {
		try {
			this.keys.release(idempotent, acquired.attempt());
		}
		catch (RuntimeException ex) {
			log.warn("Could not release an {}; the next request with it takes it over: {}", KEY_HEADER,
					ex.getMessage());
		}
	}

	// The effect has happened: the client gets its response even if storing it fails. The
	// key then stays locked for the owner timeout, so an immediate retry is still refused
	// rather than run twice.
	private void store(IdempotentRequest idempotent, Claim.Acquired acquired, RecordingResponse recording) {
		try {
			this.keys.complete(idempotent, acquired.attempt(), recording.toStored(this.replayedHeaders));
		}
		catch (RuntimeException ex) {
			log.error("Could not store the response for an Idempotency-Key; the key stays locked for the"
					+ " owner timeout", ex);
		}
	}

	private void replay(StoredResponse stored, HttpServletResponse response) throws IOException {
		this.metrics.replayed();
		response.setStatus(stored.status());
		if (stored.contentType() != null) {
			response.setContentType(stored.contentType());
		}
		if (stored.location() != null) {
			response.setHeader(HttpHeaders.LOCATION, stored.location());
		}
		stored.headers().forEach(response::setHeader);
		response.setHeader(REPLAYED_HEADER, "true");
		byte[] body = (stored.body() != null) ? stored.body() : new byte[0];
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	static boolean isValidKey(String key) {
		if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
			return false;
		}
		return key.chars().allMatch((c) -> c >= 0x21 && c <= 0x7e);
	}

	private static boolean isForm(String contentType) {
		if (contentType == null) {
			return false;
		}
		String type = contentType.toLowerCase(Locale.ROOT);
		return type.startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE) || type.startsWith("multipart/");
	}

	private boolean isExcluded(HttpServletRequest request) {
		String path = request.getRequestURI();
		return this.excludedPaths.stream().anyMatch((pattern) -> PATHS.match(pattern, path));
	}

	// Keyed, so the stored fingerprint of a body with a password in it cannot be checked
	// against guesses by whoever reads the table.
	byte[] fingerprint(byte[] body) {
		if (this.fingerprintKey == null) {
			return sha256(body);
		}
		try {
			Mac mac = Mac.getInstance(FINGERPRINT_ALGORITHM);
			mac.init(this.fingerprintKey);
			return mac.doFinal(body);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Every Java runtime provides " + FINGERPRINT_ALGORITHM, ex);
		}
	}

	static byte[] sha256(byte[] body) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(body);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime provides SHA-256", ex);
		}
	}

}
