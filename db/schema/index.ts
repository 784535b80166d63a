export * from "./staff";
export * from "./audit";
export * from "./customers";
export * from "./accounts";
export * from "./orders";
export * from "./notifications";
export * from "./approvals";
export * from "./auth-throttle";
