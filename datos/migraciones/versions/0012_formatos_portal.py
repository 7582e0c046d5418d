"""formatos del portal de transparencia y su vigencia

Revision ID: 0012
Revises: 0008
Create Date: 2026-12-03 15:20:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from datos.modelos.base import FechaHora

# revision identifiers, used by Alembic.
revision: str = "0012"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PERIODICIDADES = ("mensual", "trimestral", "semestral", "anual")
_ESTADOS = ("sin_revisar", "al_dia", "por_vencer", "vencido", "sin_fechas", "error")


def upgrade() -> None:
    """Crea la tabla formato_portal."""
    op.create_table(
        "formato_portal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(), nullable=False),
        sa.Column("fraccion", sa.String(), nullable=False),
        sa.Column("nombre", sa.String(), nullable=True),
        sa.Column(
            "periodicidad",
            sa.Enum(
                *_PERIODICIDADES,
                name="periodicidad_portal",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("activo", sa.Boolean(), nullable=False),
        sa.Column("etag", sa.String(), nullable=True),
        sa.Column("ultima_modificacion", sa.String(), nullable=True),
        sa.Column("periodo_inicio", sa.Date(), nullable=True),
        sa.Column("periodo_fin", sa.Date(), nullable=True),
        sa.Column("actualizado", sa.Date(), nullable=True),
        sa.Column("origen_fechas", sa.String(), nullable=True),
        sa.Column(
            "estado",
            sa.Enum(
                *_ESTADOS,
                name="estado_portal",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("motivo", sa.Text(), nullable=True),
        sa.Column("limite", sa.Date(), nullable=True),
        sa.Column("revisado_en", FechaHora(timezone=True), nullable=True),
        sa.Column("alertado_limite", sa.Date(), nullable=True),
        sa.Column("creado_en", FechaHora(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_formato_portal")),
        sa.UniqueConstraint("url", name=op.f("uq_formato_portal_url")),
    )


def downgrade() -> None:
    """Quita la tabla."""
    op.drop_table("formato_portal")
