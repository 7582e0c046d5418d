"""aprobación ligada a la versión revisada: boletin.version_aprobada

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 14:30:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Agrega la huella del texto que la directora aprobó."""
    with op.batch_alter_table("boletin") as tabla:
        tabla.add_column(sa.Column("version_aprobada", sa.String(), nullable=True))


def downgrade() -> None:
    """Quita la columna."""
    with op.batch_alter_table("boletin") as tabla:
        tabla.drop_column("version_aprobada")
