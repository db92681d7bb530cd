package com.example.platform.user.user;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

record RegisterUserRequest(@NotBlank @Email @Size(max = 254) String email, @NotBlank @Size(max = 100) String name) {

}
