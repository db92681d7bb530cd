package com.example.platform.user.accounts;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A registration's password meets the {@link PasswordPolicy}. On the request rather than
 * the field because the policy needs the email too; violations are reported on
 * {@code password}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = AcceptablePassword.Validator.class)
@interface AcceptablePassword {

	String message() default "is not acceptable";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Validator implements ConstraintValidator<AcceptablePassword, RegisterUserRequest> {

		@Override
		public boolean isValid(RegisterUserRequest request, ConstraintValidatorContext context) {
			if (request == null || request.password() == null) {
				return true;
			}
			return PasswordPolicy.problemWith(request.password(), request.email()).map((problem) -> {
				context.disableDefaultConstraintViolation();
				context.buildConstraintViolationWithTemplate(problem)
					.addPropertyNode("password")
					.addConstraintViolation();
				return false;
			}).orElse(true);
		}

	}

}
