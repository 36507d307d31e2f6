#pragma once
// The array at the playback's current cycle; click a cell to select it.
#include "ArrayPlayback.h"

#include <QWidget>

namespace colcomb::ui {

class ArrayView : public QWidget {
    Q_OBJECT

public:
    explicit ArrayView(ArrayPlayback* playback, QWidget* parent = nullptr);
    QPoint selectedCell() const { return m_selected; }
    void selectCell(QPoint cell);

signals:
    void cellSelected(QPoint cell);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    ArrayPlayback* m_playback;
    QPoint m_selected{-1, -1};
};

} // namespace colcomb::ui
