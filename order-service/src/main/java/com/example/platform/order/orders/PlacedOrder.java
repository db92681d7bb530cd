package com.example.platform.order.orders;

import com.example.platform.order.user.UserCheck;

/**
 * A new order and how its user was checked, which the response reports.
 *
 * @param order the order
 * @param userCheck whether user-service or only the local projection vouched for the user
 */
record PlacedOrder(Order order, UserCheck userCheck) {

}
