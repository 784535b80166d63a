import { Outlet } from "@remix-run/react";

/** Pathless layout for signed-out pages: a centered card on a quiet background. */
export default function AuthLayout() {
  return (
    <main className="flex min-h-full items-center justify-center bg-slate-50 px-4 py-12">
      <div className="w-full max-w-sm">
        <p className="mb-6 text-center text-lg font-semibold tracking-tight text-slate-900">
          Loket <span className="font-normal text-slate-600">· back office</span>
        </p>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <Outlet />
        </div>
      </div>
    </main>
  );
}
