package com.example.platform.user.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.example.platform.user.ratelimit.ClientAddresses;
import jakarta.servlet.http.HttpServletRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/auth/token}: a JSON body logs a user in; a form body with
 * {@code grant_type=client_credentials} and HTTP Basic authenticates a service (OAuth2
 * client credentials).
 */
@RestController
@Tag(name = "tokens", description = "Access tokens (RS256 JWT, 15 minutes) for users and services")
class TokenController {

	static final String PATH = "/api/auth/token";

	private static final String CLIENT_CREDENTIALS = "client_credentials";

	private final TokenService tokens;

	private final ClientAddresses addresses;

	TokenController(TokenService tokens, ClientAddresses addresses) {
		this.tokens = tokens;
		this.addresses = addresses;
	}

	@Operation(summary = "Log in (public): a token for a user's email and password")
	@ApiResponse(responseCode = "200", description = "The token; never cached",
			headers = @Header(name = "Cache-Control", description = "no-store", schema = @Schema(type = "string")))
	@ApiResponse(responseCode = "401", description = "Wrong email or password")
	@ApiResponse(responseCode = "429", description = "Too many failed logins for this email; retry after Retry-After")
	@PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<TokenResponse> userToken(@Valid @RequestBody TokenRequest request, HttpServletRequest http) {
		return noStore(this.tokens.issueUserToken(request, this.addresses.of(http)));
	}

	@Operation(summary = "A service's token (OAuth2 client credentials, public)",
			description = "A form with grant_type=client_credentials, the client id and secret as HTTP Basic.")
	@ApiResponse(responseCode = "200", description = "The token; never cached",
			headers = @Header(name = "Cache-Control", description = "no-store", schema = @Schema(type = "string")))
	@ApiResponse(responseCode = "400", description = "A grant type other than client_credentials")
	@ApiResponse(responseCode = "401", description = "Unknown client or wrong secret")
	@PostMapping(path = PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	ResponseEntity<TokenResponse> clientToken(@RequestParam("grant_type") String grantType,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
		if (!CLIENT_CREDENTIALS.equals(grantType)) {
			throw new UnsupportedGrantTypeException();
		}
		String[] client = basicCredentials(authorization);
		return noStore(this.tokens.issueClientToken(client[0], client[1]));
	}

	// RFC 6749 2.3.1: id and secret are form-encoded, then joined by ':' and
	// base64-encoded.
	private static String[] basicCredentials(String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			throw InvalidCredentialsException.forClient();
		}
		try {
			String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
					StandardCharsets.UTF_8);
			int colon = decoded.indexOf(':');
			if (colon <= 0) {
				throw InvalidCredentialsException.forClient();
			}
			return new String[] { URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
					URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8) };
		}
		catch (IllegalArgumentException ex) {
			throw InvalidCredentialsException.forClient();
		}
	}

	// RFC 6749 5.1: token responses must not be cached.
	private static ResponseEntity<TokenResponse> noStore(TokenResponse response) {
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.header(HttpHeaders.PRAGMA, "no-cache")
			.body(response);
	}

}
