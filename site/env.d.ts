declare namespace App {
  interface Locals {
    /** Set by POST /api/complaints when a form post has errors: the complaint form is shown again with them. */
    complaintForm?: import('../scripts/adapters/http/complaints-endpoint.ts').ComplaintFormState;
  }
}
