package com.example.platform.faults;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET/PUT/DELETE /api/admin/faults}: changes the faults of the instance that
 * answers (call an instance directly, not through the gateway, to pick which one).
 * Administrators only, through security-support's rule for {@code /api/admin/**}.
 */
@RestController
@RequestMapping("/api/admin/faults")
class FaultController {

	private final FaultInjector injector;

	FaultController(FaultInjector injector) {
		this.injector = injector;
	}

	@GetMapping
	Faults current() {
		return this.injector.current();
	}

	@PutMapping
	Faults change(@Valid @RequestBody Faults faults) {
		return this.injector.change(faults);
	}

	@DeleteMapping
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void clear() {
		this.injector.clear();
	}

	// Local to this controller: the module must not depend on a service's exception
	// handler, and these are the only errors it raises.
	@ExceptionHandler(InvalidFaultsException.class)
	ProblemDetail invalid(InvalidFaultsException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

}
