package com.example.platform.user.auth;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public halves of every accepted signing key, where validators fetch them.
 */
@RestController
@Tag(name = "tokens", description = "Access tokens (RS256 JWT, 15 minutes) for users and services")
class JwksController {

	private final SigningKeys keys;

	JwksController(SigningKeys keys) {
		this.keys = keys;
	}

	// Nimbus writes the set (RFC 7517), so validators read exactly what it parses; the
	// records below only describe it in the API document.
	@GetMapping("/.well-known/jwks.json")
	@Operation(summary = "The signing keys' public halves (JWK set, public)",
			description = "Every key a token may be signed with now: the active one and those still accepted "
					+ "after a rotation. The gateway and the services fetch it from user-service's own addresses, "
					+ "and again when a token names a key id they do not know, at most once per interval.")
	@ApiResponse(responseCode = "200", description = "The key set",
			content = @Content(schema = @Schema(implementation = JwkSet.class)))
	Map<String, Object> jwks() {
		return this.keys.publicKeys().toJSONObject(true);
	}

	@Schema(name = "JwkSet", description = "A JSON Web Key Set (RFC 7517)")
	record JwkSet(@Schema(requiredMode = RequiredMode.REQUIRED) List<Jwk> keys) {

	}

	@Schema(name = "Jwk", description = "An RSA public key (RFC 7517, 7518)")
	record Jwk(@Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = "RSA") String kty,
			@Schema(requiredMode = RequiredMode.REQUIRED,
					description = "The key id tokens name in their header") String kid,
			@Schema(allowableValues = "sig") String use, @Schema(allowableValues = "RS256") String alg,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "Modulus, base64url") String n,
			@Schema(requiredMode = RequiredMode.REQUIRED, description = "Public exponent, base64url") String e) {

	}

}
