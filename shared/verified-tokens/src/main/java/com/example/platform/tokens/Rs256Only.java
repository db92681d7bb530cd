package com.example.platform.tokens;

import java.text.ParseException;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTParser;

import org.springframework.security.oauth2.jwt.BadJwtException;

/**
 * Refuses a token whose header names another algorithm than RS256 before any key is
 * looked up. Decoders built on a key source (as both validators now are) would otherwise
 * report an HS256 token as naming an unknown key, and look the key up for it.
 */
public final class Rs256Only {

	private Rs256Only() {
	}

	/**
	 * Checks the token's header.
	 * @param token the encoded token
	 * @return the token, when it claims RS256, is unsigned ({@code alg: none}, refused by
	 * the decoder with its own words) or cannot be parsed (left to the decoder to report)
	 * @throws BadJwtException when it names another algorithm
	 */
	public static String check(String token) {
		try {
			Algorithm algorithm = JWTParser.parse(token).getHeader().getAlgorithm();
			if (algorithm != null && !Algorithm.NONE.equals(algorithm) && !JWSAlgorithm.RS256.equals(algorithm)) {
				throw new BadJwtException("Unsupported algorithm of " + algorithm);
			}
		}
		catch (ParseException ex) {
			// The decoder reports the malformed token in its own words.
		}
		return token;
	}

}
