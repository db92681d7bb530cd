package com.example.platform.user.user;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import com.example.platform.security.Caller;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

// No @Validated: Spring MVC validates the constrained parameters itself and reports a
// HandlerMethodValidationException, which the platform handler turns into a 400.
@RestController
@RequestMapping("/api/users")
class UserController {

	// Part of the API contract, hence constants rather than settings.
	private static final int MAX_PAGE_SIZE = 100;

	private final UserService users;

	UserController(UserService users) {
		this.users = users;
	}

	@PostMapping
	ResponseEntity<UserView> register(@Valid @RequestBody RegisterUserRequest request) {
		UserView user = this.users.registerUser(request);
		return ResponseEntity.created(URI.create("/api/users/" + user.id())).body(user);
	}

	@GetMapping("/{id}")
	UserView find(@AuthenticationPrincipal Jwt token, @PathVariable UUID id) {
		return this.users.findUser(Caller.of(token), id);
	}

	@GetMapping
	UserPage list(@AuthenticationPrincipal Jwt token, @RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(MAX_PAGE_SIZE) int size) {
		return this.users.listUsers(Caller.of(token), page, size);
	}

	@PutMapping("/{id}")
	UserView update(@AuthenticationPrincipal Jwt token, @PathVariable UUID id,
			@Valid @RequestBody UpdateUserRequest request) {
		return this.users.updateUser(Caller.of(token), id, request);
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@AuthenticationPrincipal Jwt token, @PathVariable UUID id) {
		this.users.deleteUser(Caller.of(token), id);
		return ResponseEntity.noContent().build();
	}

}
