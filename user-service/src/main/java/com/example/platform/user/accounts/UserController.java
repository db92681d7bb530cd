package com.example.platform.user.accounts;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import com.example.platform.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

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
@Tag(name = "users", description = "A user sees and changes only their own record; the administrator every record")
class UserController {

	// Part of the API contract, hence constants rather than settings.
	private static final int MAX_PAGE_SIZE = 100;

	private final UserService users;

	UserController(UserService users) {
		this.users = users;
	}

	@Operation(summary = "Register a user (public)",
			description = "The password must be 12 to 72 bytes (UTF-8) and not a common one.")
	@ApiResponse(responseCode = "201", description = "Registered",
			headers = @Header(name = "Location", description = "The new user's path, /api/users/{id}", required = true,
					schema = @Schema(type = "string")))
	@ApiResponse(responseCode = "409", description = "The email is taken (in any case)")
	@PostMapping
	ResponseEntity<UserView> register(@Valid @RequestBody RegisterUserRequest request) {
		UserView user = this.users.registerUser(request);
		return ResponseEntity.created(URI.create("/api/users/" + user.id())).body(user);
	}

	@Operation(summary = "Read a user, with orderCount and totalSpent (placed, not cancelled orders)")
	@ApiResponse(responseCode = "200", description = "The user")
	@ApiResponse(responseCode = "404", description = "No such user, or another user's id (as if it did not exist)")
	@GetMapping("/{id}")
	UserView find(@AuthenticationPrincipal Jwt token, @PathVariable UUID id) {
		return this.users.findUser(Caller.of(token), id);
	}

	@Operation(summary = "List users, oldest first",
			security = @SecurityRequirement(name = "bearer-jwt", scopes = "ADMIN"))
	@ApiResponse(responseCode = "200", description = "One page of users")
	@ApiResponse(responseCode = "403", description = "The caller is not the administrator")
	@GetMapping
	UserPage list(@AuthenticationPrincipal Jwt token, @RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(MAX_PAGE_SIZE) int size) {
		return this.users.listUsers(Caller.of(token), page, size);
	}

	@Operation(summary = "Change a user's email and name",
			description = "version is the one last read: the change is refused if the user changed since.")
	@ApiResponse(responseCode = "200", description = "The changed user")
	@ApiResponse(responseCode = "404", description = "No such user, or another user's id (as if it did not exist)")
	@ApiResponse(responseCode = "409", description = "A stale version, or the email is taken")
	@PutMapping("/{id}")
	UserView update(@AuthenticationPrincipal Jwt token, @PathVariable UUID id,
			@Valid @RequestBody UpdateUserRequest request) {
		return this.users.updateUser(Caller.of(token), id, request);
	}

	@Operation(summary = "Delete a user")
	@ApiResponse(responseCode = "204", description = "Deleted")
	@ApiResponse(responseCode = "404", description = "No such user, or another user's id (as if it did not exist)")
	@DeleteMapping("/{id}")
	ResponseEntity<Void> delete(@AuthenticationPrincipal Jwt token, @PathVariable UUID id) {
		this.users.deleteUser(Caller.of(token), id);
		return ResponseEntity.noContent().build();
	}

}
