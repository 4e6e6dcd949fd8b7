"""An office's ledger imported by a service: the file, the job, the upload.

The pure part (the header, the cells, the report of refused rows) is
``shequ.contracts.ledgers``, which each service's domain uses to say what its
columns mean. Here is the rest every importing service shares: reading a CSV or
Excel file into rows (:func:`parse_ledger`, :func:`read_ledger`), the job that runs
an upload and its table ``import_jobs`` (:func:`start_job`, :func:`job_migrations`),
writing a batch of new streams (:func:`start_new_streams`) and a whole decided
file (:class:`Decided`, :func:`write_decided`), and the routes: the job's two
(:func:`add_job_routes`) and the upload's (:func:`start_upload`, or its parts
:func:`read_upload`, :func:`upload_body`), and a command line's store, progress,
report and exit code (:func:`cli_store`, :func:`print_report`, :func:`run_import`
…). The registry's residents, rehab's cases and mediation's disputes use them.
"""

from shequ.service.ledgers._cli import (
    Progress,
    cli_language,
    cli_store,
    import_parser,
    importing_office,
    print_report,
    progress_printer,
    refusal,
    run_import,
    say,
)
from shequ.service.ledgers._files import parse_ledger, read_ledger
from shequ.service.ledgers._jobs import (
    ImportJob,
    RefusedProblem,
    RefusedRow,
    RefusedRows,
    job_migrations,
    job_of,
    refused_rows_of,
)
from shequ.service.ledgers._routes import add_job_routes
from shequ.service.ledgers._runner import MAX_UPLOAD, ImportJobNotFound, Work, start_job
from shequ.service.ledgers._streams import (
    AfterBatch,
    Decided,
    start_new_streams,
    write_decided,
)
from shequ.service.ledgers._upload import (
    Upload,
    job_for,
    read_upload,
    refused_download,
    shown_job,
    start_upload,
    upload_body,
)

__all__ = [
    "MAX_UPLOAD",
    "AfterBatch",
    "Decided",
    "ImportJob",
    "ImportJobNotFound",
    "Progress",
    "RefusedProblem",
    "RefusedRow",
    "RefusedRows",
    "Upload",
    "Work",
    "add_job_routes",
    "cli_language",
    "cli_store",
    "import_parser",
    "importing_office",
    "job_for",
    "job_migrations",
    "job_of",
    "parse_ledger",
    "print_report",
    "progress_printer",
    "read_ledger",
    "read_upload",
    "refusal",
    "refused_download",
    "refused_rows_of",
    "run_import",
    "say",
    "shown_job",
    "start_job",
    "start_new_streams",
    "start_upload",
    "upload_body",
    "write_decided",
]
