package com.example.platform.user.auth;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public halves of every accepted signing key, where validators fetch them.
 */
@RestController
class JwksController {

	private final SigningKeys keys;

	JwksController(SigningKeys keys) {
		this.keys = keys;
	}

	@GetMapping("/.well-known/jwks.json")
	Map<String, Object> jwks() {
		return this.keys.publicKeys().toJSONObject(true);
	}

}
