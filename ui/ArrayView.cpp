#include "ArrayView.h"

#include "ArrayRenderer.h"

#include <QMouseEvent>
#include <QPainter>

namespace colcomb::ui {

ArrayView::ArrayView(ArrayPlayback* playback, QWidget* parent) : QWidget(parent), m_playback(playback)
{
    setMinimumSize(320, 240);
    setFocusPolicy(Qt::StrongFocus);
    connect(playback, &ArrayPlayback::frameChanged, this, qOverload<>(&QWidget::update));
}

void ArrayView::selectCell(QPoint cell)
{
    m_selected = cell;
    update();
    emit cellSelected(cell);
}

void ArrayView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    if (!m_playback->hasProgram()) {
        p.fillRect(rect(), Qt::white);
        p.drawText(rect(), Qt::AlignCenter, "No layer packed yet");
        return;
    }
    paintArray(p, rect(), m_playback->trace(), m_selected);
}

void ArrayView::mousePressEvent(QMouseEvent* event)
{
    setFocus();
    if (m_playback->hasProgram()) selectCell(arrayCellAt(rect(), m_playback->trace(), event->position().toPoint()));
}

} // namespace colcomb::ui
